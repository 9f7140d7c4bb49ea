#!/usr/bin/env node
'use strict';
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('evidence-lens: not built yet; run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
require(cli);
