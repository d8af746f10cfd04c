// Shared by the TypeScript consumers: where the service is, and the two requests every client
// makes (a real profile, and one the service must reject with 422).
// Node's `process`, declared here rather than pulling in @types/node for one property.
declare const process: { env: Record<string, string | undefined> };

export const baseUrl: string = process.env["BASE_URL"] ?? "http://127.0.0.1:8080";
const apiKey = process.env["CRAMP_ADVISOR_API_KEY"];
export const headers: Record<string, string> = apiKey ? { "X-API-Key": apiKey } : {};

export function fail(message: string): never {
  throw new Error(message);
}
