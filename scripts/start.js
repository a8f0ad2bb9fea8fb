#!/usr/bin/env node
/* npm start: build if any source changed, then run the service (embedded PostgreSQL when DATABASE_URL is unset). */
require('./build.js');
require('../dist/src/main.js');
