// Reads {"model": ..., "queries": [...]} on stdin; prints [[kind, rule id], ...] as JSON.
// Used by tests/test_crisis_parity.py to compare crisis.js with distressmatch.py.
"use strict";
const path = require("path");
const crisis = require(path.resolve(process.argv[2]));
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { model, queries } = JSON.parse(input);
  const matcher = new crisis.Matcher(model);
  process.stdout.write(JSON.stringify(queries.map((q) => matcher.classify(q))));
});
