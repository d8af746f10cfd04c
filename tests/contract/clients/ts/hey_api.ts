// @hey-api/openapi-ts (fetch client + SDK): one live call through the generated SDK, reading
// relief_plan.steps[0].action, and a 422 read as a typed Problem.
import { createClient } from "../gen/ts-hey-api/client/index.js";
import { createAssessment, createFollowUp } from "../gen/ts-hey-api/sdk.gen.js";
import type { FollowUpRequest, Problem, ProfileRequest } from "../gen/ts-hey-api/types.gen.js";
import { baseUrl, fail, headers } from "./common.js";

const client = createClient({ baseUrl, headers });

const profile: ProfileRequest = {
  age: 74,
  cramps: { nights_per_week: 4, typical_duration_minutes: 3, muscles: ["calf"] },
  medications: ["Hydrochlorothiazide 25 mg"],
};
const ok = await createAssessment({ client, body: profile });
if (!ok.data) fail(`hey-api: expected 200, got ${ok.response.status}`);
const step = ok.data.relief_plan.steps[0] ?? fail("hey-api: the relief plan has no step");
const action: string = step.action;

const bad = await createAssessment({ client, body: { age: 0 } });
if (bad.response.status !== 422 || !bad.error) fail(`hey-api: expected 422, got ${bad.response.status}`);
const problem: Problem = bad.error;
if (problem.code !== "validation_failed" || problem.status !== 422) fail(`hey-api: unexpected problem ${JSON.stringify(problem)}`);

// A follow-up: a typed diary, the verdict and the triage read back typed.
const diary: FollowUpRequest = {
  profile,
  adopted: [{ remedy_id: "bedtime_stretching", started: "2026-01-01" }],
  diary: [{ date: "2026-01-01", cramps: 1, longest_minutes: 2, woke: true, steps_done: ["bedtime_stretching"], new_symptoms: [] }],
};
const followUp = await createFollowUp({ client, body: diary });
if (!followUp.data) fail(`hey-api: follow-up expected 200, got ${followUp.response.status}`);
const verdict: string = followUp.data.trend.verdict;
const level: string = followUp.data.escalation.triage.level;

console.log(`hey-api: follow-up verdict = ${verdict}, triage = ${level}`);
console.log(`hey-api: 200 relief_plan.steps[0].action = ${JSON.stringify(action)}; 422 problem code = ${problem.code}`);
