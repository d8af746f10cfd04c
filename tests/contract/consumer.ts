// A tiny consumer of the generated types: what a health app's TypeScript would write.
// `tsc --noEmit` over this file proves the committed spec yields usable types: a profile can be
// built from components["schemas"]["ProfileRequest"], and the triage level and the relief plan's
// steps (action, schedule) can be read from an AssessmentResponse. If a field is renamed,
// retyped or dropped in the spec, this stops compiling.
import type { components, operations, paths } from "./generated/api";

type Schemas = components["schemas"];
export type ProfileRequest = Schemas["ProfileRequest"];
export type AssessmentResponse = Schemas["AssessmentResponse"];
type TriageLevel = Schemas["TriageLevel"];
type PlanStep = Schemas["PlanStep"];

// The request body and the 200 body of POST /v1/assessments are exactly these schemas.
type CreateAssessment = operations["create_assessment"];
type RequestBody = CreateAssessment["requestBody"] extends { content: { "application/json": infer B } } ? B : never;
type Ok = CreateAssessment["responses"][200]["content"]["application/json"];
const sameRequest: RequestBody extends ProfileRequest ? (ProfileRequest extends RequestBody ? true : false) : false = true;
const sameResponse: Ok extends AssessmentResponse ? true : false = true;
void sameRequest;
void sameResponse;
// The path is published under the expected name and method.
type _PostAssessments = paths["/v1/assessments"]["post"];

export const profile: ProfileRequest = {
  age: 74,
  pregnancy: "none",
  cramps: {
    nights_per_week: 4,
    typical_duration_minutes: 3,
    muscles: ["calf"],
    disturbs_sleep: true,
  },
  medications: ["Hydrochlorothiazide 25 mg", "Amlodipine"],
  conditions: ["cardiovascular_disease"],
  lifestyle: {
    activity_level: "light",
    fluid_litres_per_day: 1.2,
    sitting_hours_per_day: 7,
  },
  symptoms: [],
};

// Only `age` is required.
export const minimal: ProfileRequest = { age: 30 };

// @ts-expect-error: unknown fields are not part of ProfileRequest (the service rejects them too).
export const misspelt: ProfileRequest = { age: 30, pregant: "trimester_1" };

// @ts-expect-error: enum values are checked.
export const badActivity: ProfileRequest = { age: 30, lifestyle: { activity_level: "couch" } };

export interface Reminder {
  text: string;
  when: string;
  repeat: string;
  seconds?: number;
}

/** What an app does with an answer: read the triage level first, then turn the plan into reminders. */
export function plan(answer: AssessmentResponse): { level: TriageLevel; urgent: boolean; reminders: Reminder[] } {
  const level: TriageLevel = answer.triage.level;
  const urgent = level === "emergency" || level === "urgent";
  const reminders = answer.relief_plan.steps.map((step: PlanStep): Reminder => {
    const action: string = step.action;
    const reminder: Reminder = { text: action, when: step.schedule.when, repeat: step.schedule.repeat };
    if (step.schedule.duration_seconds != null) {
      reminder.seconds = step.schedule.duration_seconds;
    }
    return reminder;
  });
  return { level, urgent, reminders };
}

/** Posting the profile: the body type and the response type both come from the spec. */
export async function assess(baseUrl: string, body: ProfileRequest): Promise<AssessmentResponse> {
  const response = await fetch(`${baseUrl}/v1/assessments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`assessment failed: ${response.status}`);
  }
  return (await response.json()) as AssessmentResponse;
}
