import fs from "node:fs";
const t0 = performance.now();
const { parse } = await import("@typescript-eslint/typescript-estree");
const { analyze } = await import("@typescript-eslint/scope-manager");
const { mayHaveFindings } = await import("/work/main/dist/src/analysis/source-prefilter.js");
const { rewriteSource } = await import("/work/main/dist/src/analysis/rewrite-source.js");
console.log("load", (performance.now() - t0) | 0);
const r = JSON.parse(fs.readFileSync("/tmp/out.json", "utf8"));
const files = r.files.map(f => "/tmp/bench-repo/" + f.path).filter(f => mayHaveFindings(fs.readFileSync(f, "utf8")));
const texts = files.map(f => fs.readFileSync(f, "utf8"));
console.log(files.length, "files", texts.reduce((a, t) => a + t.length, 0), "chars");
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  for (const [i, text] of texts.entries()) parse(text, { range: true, loc: true, comment: true, jsx: false, filePath: files[i] });
  const a = performance.now() - t; t = performance.now();
  for (const [i, text] of texts.entries()) parse(text, { range: true, loc: true, comment: false, jsx: false, filePath: files[i] });
  const b = performance.now() - t; t = performance.now();
  const asts = texts.map((text, i) => parse(text, { range: true, loc: true, comment: true, jsx: false, filePath: files[i] }));
  t = performance.now();
  for (const ast of asts) analyze(ast, { sourceType: "module", jsxPragma: null });
  const c = performance.now() - t; t = performance.now();
  const compat = { mode: "auto", configPath: null, overridden: false, environments: [] };
  const rules = ["no-redundant-close","require-allow-half-open","no-new-websocket-in-proxy","no-closing-state-check","no-send-in-close-handler","require-hibernation-close","no-reserved-close-code","require-close-reply"];
  let passes = 0;
  for (const [i, text] of texts.entries()) { const res = rewriteSource({ text, filePath: files[i], compat, compatDescription: "x", ruleIds: rules }); }
  const d = performance.now() - t;
  console.log(`round ${round}: parse+comments ${a|0} parse ${b|0} scope ${c|0} rewriteSource(all) ${d|0}`);
}
