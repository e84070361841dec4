#!/usr/bin/env node
import { runCli } from '../dist/src/cli/exit.js';

runCli(process.argv.slice(2));
