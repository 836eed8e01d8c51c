import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { clearFrameworkVersionsCache, resolveFrameworkVersions } from "../../src/compat/index.js";
import { frameworkReplies } from "../../src/analysis/model/framework-close-reply.js";
import { createTempProject } from "../support/temp-project.js";

afterEach(() => clearFrameworkVersionsCache());

const lockOf = (packages: Record<string, { version: string }>) =>
  JSON.stringify({ name: "app", lockfileVersion: 3, requires: true, packages: { "": { name: "app" }, ...packages } });

describe("resolveFrameworkVersions", () => {
  it("reads the range of the nearest package.json (dependencies, then devDependencies)", () => {
    const project = createTempProject("ws-close-frameworks-", {
      "package.json": JSON.stringify({ dependencies: { partyserver: "^0.5.2" }, devDependencies: { agents: "0.10.0" } }),
    });
    const file = project.pathTo("src/server.ts");
    expect(resolveFrameworkVersions(file)).toEqual({
      partyserver: { range: "^0.5.2", source: project.pathTo("package.json") },
      agents: { range: "0.10.0", source: project.pathTo("package.json") },
    });
  });

  it("takes the version package-lock.json installed over the package.json range: the lock wins", () => {
    const project = createTempProject("ws-close-frameworks-", {
      "package.json": JSON.stringify({ dependencies: { partyserver: "^0.5.2" } }),
      "package-lock.json": lockOf({ "node_modules/partyserver": { version: "0.5.3" } }),
    });
    expect(resolveFrameworkVersions(project.pathTo("src/server.ts"))).toEqual({
      partyserver: { range: "0.5.3", source: project.pathTo("package-lock.json") },
    });
  });

  it("in a workspace, reads the root lock: the package's own node_modules first, then the hoisted copy", () => {
    const project = createTempProject("ws-close-frameworks-", {
      "package.json": JSON.stringify({ workspaces: ["apps/*"] }),
      "package-lock.json": lockOf({
        "node_modules/partyserver": { version: "0.5.10" },
        "apps/chat/node_modules/partyserver": { version: "0.4.2" },
        "node_modules/agents": { version: "0.20.0" },
      }),
      "apps/chat/package.json": JSON.stringify({ dependencies: { partyserver: "^0.4.0" } }),
    });
    // The workspace is listed in the root lock's packages.
    const lock = JSON.parse(readFileSync(project.pathTo("package-lock.json"), "utf8"));
    lock.packages["apps/chat"] = { name: "chat" };
    project.write("package-lock.json", JSON.stringify(lock));
    const versions = resolveFrameworkVersions(project.pathTo("apps/chat/src/server.ts"));
    expect(versions.partyserver).toEqual({ range: "0.4.2", source: project.pathTo("package-lock.json") });
    expect(versions.agents).toEqual({ range: "0.20.0", source: project.pathTo("package-lock.json") });
  });

  it("ignores a lock above the package that does not list it (another project's lock)", () => {
    const project = createTempProject("ws-close-frameworks-", {
      "package.json": JSON.stringify({ name: "tools" }),
      "package-lock.json": lockOf({ "node_modules/partyserver": { version: "0.5.10" } }),
      "examples/chat/package.json": JSON.stringify({ dependencies: { partyserver: "0.5.3" } }),
    });
    expect(resolveFrameworkVersions(project.pathTo("examples/chat/server.ts"))).toEqual({
      partyserver: { range: "0.5.3", source: project.pathTo("examples/chat/package.json") },
    });
  });

  it("finds nothing without a package.json, or one that names neither framework: unknown", () => {
    const bare = createTempProject("ws-close-frameworks-");
    expect(resolveFrameworkVersions(bare.pathTo("src/server.ts"))).toEqual({});
    const other = createTempProject("ws-close-frameworks-", { "package.json": JSON.stringify({ dependencies: { hono: "^4.0.0" } }) });
    expect(resolveFrameworkVersions(other.pathTo("src/server.ts"))).toEqual({});
  });

  it("treats a package.json or lock that does not parse as absent", () => {
    const project = createTempProject("ws-close-frameworks-", {
      "package.json": JSON.stringify({ dependencies: { partyserver: "0.5.1" } }),
      "package-lock.json": "{ not json",
    });
    expect(resolveFrameworkVersions(project.pathTo("server.ts"))).toEqual({
      partyserver: { range: "0.5.1", source: project.pathTo("package.json") },
    });
    const broken = createTempProject("ws-close-frameworks-", { "package.json": "{" });
    expect(resolveFrameworkVersions(broken.pathTo("server.ts"))).toEqual({});
  });
});

describe("frameworkReplies", () => {
  const partyserver = (range: string) => frameworkReplies({ partyserver: { range, source: "package.json" } }, "partyserver");
  const agents = (range: string) => frameworkReplies({ agents: { range, source: "package.json" } }, "agents");

  it("partyserver replies from 0.5.4", () => {
    expect(partyserver("0.5.4")).toBe("yes");
    expect(partyserver("^0.5.4")).toBe("yes");
    expect(partyserver("0.5.10")).toBe("yes");
    expect(partyserver("0.5.3")).toBe("no");
    expect(partyserver("^0.4.1")).toBe("no");
    expect(partyserver("^0.0.72")).toBe("no");
  });

  it("a range across 0.5.4, or no semver range at all, is unknown", () => {
    expect(partyserver("^0.5.0")).toBe("unknown");
    expect(partyserver("*")).toBe("unknown");
    expect(partyserver("workspace:*")).toBe("unknown");
    expect(partyserver("github:cloudflare/partykit")).toBe("unknown");
    expect(frameworkReplies({}, "partyserver")).toBe("unknown");
  });

  it("agents replies from 0.11.7 (partyserver ^0.5.5, then its own copy), not from 0.0.43 to 0.11.5 (but 0.2.0, 0.2.1)", () => {
    expect(agents("^0.0.95")).toBe("no");
    expect(agents("0.2.0")).toBe("unknown");
    expect(agents("0.2.35")).toBe("no");
    expect(agents("0.11.7")).toBe("yes");
    expect(agents("^0.22.0")).toBe("yes");
    expect(agents("0.10.0")).toBe("no");
    expect(agents("0.11.5")).toBe("no");
    expect(agents("0.11.6")).toBe("unknown");
    expect(agents("^0.11.0")).toBe("unknown");
  });
});
