#!/usr/bin/env node
// `node bin/headroom.mjs …` runs the `headroom` command as bin/headroom.cjs does (the package's bin,
// CommonJS for a faster start); kept for the scripts and tests that name this path.
import './headroom.cjs';
