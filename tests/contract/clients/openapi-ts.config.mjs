// @hey-api/openapi-ts: the spec path comes from CONTRACT_SPEC (set by run.sh).
export default {
  input: process.env.CONTRACT_SPEC,
  output: { path: "gen/ts-hey-api", importFileExtension: ".js" },
  plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
};
