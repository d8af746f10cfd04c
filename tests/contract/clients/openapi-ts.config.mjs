// @hey-api/openapi-ts: the spec path comes from CONTRACT_SPEC (set by run.sh).
//
// The assessment operations take a profile (`application/json`) or a FHIR
// `QuestionnaireResponse` (`application/fhir+json`). A request body's media types are a sorted
// map in the generated spec, so FHIR comes first, and hey-api types an operation's body (and
// its default `Content-Type`) from the first one. An app that sends JSON puts `application/json`
// first, as here; one that sends FHIR passes `Content-Type: application/fhir+json` explicitly.
import { readFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(process.env.CONTRACT_SPEC, "utf8"));
for (const item of Object.values(spec.paths)) {
  for (const operation of Object.values(item)) {
    const content = operation?.requestBody?.content;
    if (content?.["application/json"]) {
      operation.requestBody.content = {
        "application/json": content["application/json"],
        ...content,
      };
    }
  }
}

export default {
  input: spec,
  output: { path: "gen/ts-hey-api", importFileExtension: ".js" },
  plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
};
