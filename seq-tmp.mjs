const t0 = performance.now();
const { migrate } = await import("/work/main/dist/src/index.js");
const mw = Number(process.argv[2]);
const r = await migrate({ cwd: process.argv[3] ?? "/tmp/bench-repo", write: false, parallelism: { maxWorkers: mw } });
console.log("maxWorkers", mw, ((performance.now() - t0) / 1000).toFixed(2), "s", r.files.filter(f => f.status === "changed").length);
