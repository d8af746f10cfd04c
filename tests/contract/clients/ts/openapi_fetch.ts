// openapi-typescript + openapi-fetch: one live call with a typed body, reading
// relief_plan.steps[0].action, and a 422 read as a typed Problem.
import createClient from "openapi-fetch";
import type { components, paths } from "../gen/ts-openapi-fetch/api.js";
import { baseUrl, fail, headers } from "./common.js";

type ProfileRequest = components["schemas"]["ProfileRequest"];
type Problem = components["schemas"]["Problem"];
type FollowUpRequest = components["schemas"]["FollowUpRequest"];

const client = createClient<paths>({ baseUrl, headers });

const profile: ProfileRequest = {
  age: 74,
  cramps: { nights_per_week: 4, typical_duration_minutes: 3, muscles: ["calf"] },
  medications: ["Hydrochlorothiazide 25 mg"],
};
const ok = await client.POST("/v1/assessments", { body: profile });
if (!ok.data) fail(`openapi-fetch: expected 200, got ${ok.response.status}`);
const step = ok.data.relief_plan.steps[0] ?? fail("openapi-fetch: the relief plan has no step");
const action: string = step.action;

const bad = await client.POST("/v1/assessments", { body: { age: 0 } });
if (bad.response.status !== 422 || !bad.error) fail(`openapi-fetch: expected 422, got ${bad.response.status}`);
const problem: Problem = bad.error;
if (problem.code !== "validation_failed" || problem.status !== 422) fail(`openapi-fetch: unexpected problem ${JSON.stringify(problem)}`);

// A follow-up: a typed diary, the verdict and the triage read back typed.
const diary: FollowUpRequest = {
  profile,
  adopted: [{ remedy_id: "bedtime_stretching", started: "2026-01-01" }],
  diary: [{ date: "2026-01-01", cramps: 1, longest_minutes: 2, woke: true, steps_done: ["bedtime_stretching"], new_symptoms: [] }],
};
const followUp = await client.POST("/v1/follow-ups", { body: diary });
if (!followUp.data) fail(`openapi-fetch: follow-up expected 200, got ${followUp.response.status}`);
const verdict: string = followUp.data.trend.verdict;
const level: string = followUp.data.escalation.triage.level;

console.log(`openapi-fetch: follow-up verdict = ${verdict}, triage = ${level}`);
console.log(`openapi-fetch: 200 relief_plan.steps[0].action = ${JSON.stringify(action)}; 422 problem code = ${problem.code}`);
