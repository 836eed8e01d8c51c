#!/usr/bin/env node
// Adds package-lock.json entries for the workerd platform packages that the
// registry this project installs from does not serve at the pinned version
// (darwin and windows builds). Without them `npm ci` refuses the lock file as
// out of sync; with them it skips those packages on Linux as it skips any
// optional dependency for another platform. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const workerd = lock.packages["node_modules/workerd"];
if (!workerd) throw new Error("workerd is not in package-lock.json");
const platforms = {
  "@cloudflare/workerd-darwin-64": { os: ["darwin"], cpu: ["x64"] },
  "@cloudflare/workerd-darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "@cloudflare/workerd-linux-64": { os: ["linux"], cpu: ["x64"] },
  "@cloudflare/workerd-linux-arm64": { os: ["linux"], cpu: ["arm64"] },
  "@cloudflare/workerd-windows-64": { os: ["win32"], cpu: ["x64"] },
};
let added = 0;
for (const [name, { os, cpu }] of Object.entries(platforms)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = {
    version: workerd.version,
    cpu,
    dev: true,
    license: "Apache-2.0",
    optional: true,
    os,
    engines: { node: ">=16" },
  };
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added === 0 ? "package-lock.json already lists every workerd platform" : `added ${added} workerd platform entr${added === 1 ? "y" : "ies"}`);
