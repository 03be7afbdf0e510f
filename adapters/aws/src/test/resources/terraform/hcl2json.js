// Prints {"<file>.tf": <its JSON form>, ...} for every .tf file of the folder given as argument,
// using @cdktf/hcl2json (found through NODE_PATH).
const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

(async () => {
  const dir = process.argv[2];
  const out = {};
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".tf")).sort()) {
    out[name] = await parse(name, fs.readFileSync(path.join(dir, name), "utf8"));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
