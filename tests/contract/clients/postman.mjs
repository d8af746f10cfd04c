// Usage: node postman.mjs SPEC OUT
// Generates the Postman collection (v2.1) from the OpenAPI document with openapi-to-postmanv2
// (pinned in package.json), deterministically, so the committed openapi/openapi.json and
// openapi/postman.json can be drift-checked like the spec (make postman-check):
// - the converter fills bodies without an example from the schema with a faker that draws from
//   Math.random, so Math.random is replaced with a fixed-seed generator (mulberry32) first;
// - `baseUrl` is set to http://127.0.0.1:8080 (`make run`) when the spec's server is "/";
// - it gives every item a random UUID `id` (and the collection a `_postman_id`); Postman assigns
//   new ones on import, so they are removed.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

let seed = 20261127;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const require = createRequire(import.meta.url);
const converter = require("openapi-to-postmanv2");
const [spec, out] = process.argv.slice(2);
if (!spec || !out) {
  console.error("usage: node postman.mjs SPEC OUT");
  process.exit(2);
}

const options = {
  folderStrategy: "Tags",
  parametersResolution: "Example",
  includeAuthInfoInExample: false,
};
converter.convert({ type: "string", data: readFileSync(spec, "utf8") }, options, (err, result) => {
  if (err || !result.result) {
    console.error("postman: conversion failed:", err ?? result.reason);
    process.exit(1);
  }
  const collection = result.output[0].data;
  // The spec's server is the relative "/"; point the collection at `make run`'s address
  // (change the baseUrl variable in Postman for any other deployment).
  for (const variable of collection.variable ?? []) {
    if (variable.key === "baseUrl" && variable.value === "/") variable.value = "http://127.0.0.1:8080";
  }
  const strip = (value) => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== "id" && k !== "_postman_id")
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return value;
  };
  writeFileSync(out, JSON.stringify(strip(collection), null, 2) + "\n");
  console.log(`postman: ${out} (${collection.item.length} folders) from ${spec}`);
});
