// Checks delta-arc's Terraform without Terraform: every .tf file (and the .tfvars example) must
// parse with HashiCorp's HCL parser (npm @cdktf/hcl2json), and the module must keep its wiring and
// its least-privilege rules (DESIGN.md §3-4, issue "Infrastructure as code and the deployment guide"):
// the state machine's definition, rendered from its template as Terraform would, must pass npm
// asl-validator, keep its loop bound, retries and alert, and behave so when a small interpreter
// runs it against a scripted function (resume, bound, failure, retry); the S3 events queue keeps its
// dead-letter queue, its visibility timeout and a bounded concurrency (issue 12).
//
//   node tests/terraform/check_terraform.mjs <project root> [--no-self-test]
//
// After checking the real tree it checks deliberately broken copies of it (in a temporary
// directory) and fails unless each break is caught: a check that cannot fail proves nothing.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), "..", ".."));
const selfTest = !process.argv.includes("--no-self-test");

function loadPeer(name) {
  // An ES module ignores NODE_PATH, so resolve from tools/node (and NODE_PATH) explicitly.
  const require = createRequire(path.join(root, "tools", "node", "package.json"));
  try {
    return require(name);
  } catch (e) {
    console.error(`check_terraform: cannot load ${name} (${e.message}).\n` +
      `Install the test peers: (cd ${path.join(root, "tools", "node")} && npm ci)`);
    process.exit(2);
  }
}
const parse = loadPeer("@cdktf/hcl2json").parse;
const validateAsl = loadPeer("asl-validator");

// --- The rules ----------------------------------------------------------------------------------

const MODULE = "terraform/modules/delta-arc";
const EXAMPLE = "terraform/examples/production";
const MODULE_FILES = ["main.tf", "iam.tf", "events.tf", "alarms.tf", "dashboard.tf", "logs.tf",
  "cache_bucket.tf", "state_machine.tf", "queue.tf", "inventory.tf", "variables.tf", "outputs.tf",
  "versions.tf"];

// The function's environment may only use the names of delta-arc's settings table
// (src/lineage/settings.h, which holds DESIGN.md §3's names and the ones added since), less
// AWS_*: Lambda reserves AWS_REGION and the credentials, which the function's role provides.
const ALLOWED_ENV = new Set(
  [...fs.readFileSync(path.join(root, "src/lineage/settings.h"), "utf8").matchAll(/\.name = "([A-Z0-9_]+)"/g)]
    .map((match) => match[1]).filter((name) => !name.startsWith("AWS_")));
const REQUIRED_ENV = ["ATLAN_BASE_URL", "ATLAN_API_TOKEN_SECRET_ARN", "ATLAN_API_TOKEN_PARAMETER",
  "POSTGRES_CONNECTION_NAME", "SNOWFLAKE_CONNECTION_NAME", "S3_BUCKET_NAME", "S3_BUCKET_ARN",
  "S3_PREFIX", "S3_CONNECTION_NAME", "CACHE_EXPIRY_HOURS", "CACHE_S3_BUCKET", "CACHE_S3_PREFIX",
  "SNS_TOPIC_ARN", "LOG_LEVEL", "LOG_FORMAT"];

// Every action each policy document may grant; anything else is more than delta-arc uses, and a
// document not named here is one the checks do not know. The trust policies (*assume_role) grant
// sts:AssumeRole only.
const ALLOWED_ACTIONS = {
  // The function's execution role.
  function: new Set([
    "logs:CreateLogStream", "logs:PutLogEvents",
    "s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject",
    "secretsmanager:GetSecretValue", "ssm:GetParameter", "kms:Decrypt", "kms:GenerateDataKey",
    "sns:Publish",
    "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
  ]),
  state_machine: new Set(["lambda:InvokeFunction", "sns:Publish"]),
  schedule: new Set(["states:StartExecution"]),
  events_queue: new Set(["sqs:SendMessage"]),
  // What S3 needs in the destination bucket's policy to deliver inventory reports.
  inventory_delivery: new Set(["s3:PutObject"]),
};
const allowedActions = (doc) => (doc.endsWith("assume_role") ? new Set(["sts:AssumeRole"]) : ALLOWED_ACTIONS[doc]);

const CUSTOM_METRICS = ["PostgreSQLAssetsProcessed", "SnowflakeAssetsProcessed", "S3ObjectsCreated",
  "S3ObjectsUpdated", "ProcessesCreated", "ProcessesUpdated", "AssetsArchived", "TagGaps", "AtlanRequests",
  "Retries", "DurationMs", "PipelineSucceeded"];

// --- Reading the tree ---------------------------------------------------------------------------

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".terraform" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith(".tf") || entry.name.endsWith(".tfvars.example")) out.push(full);
  }
  return out;
}

// hcl2json gives { resource: { type: { name: [body] } }, variable: { name: [body] }, locals: [..] }.
function mergeConfig(into, parsed) {
  for (const [key, value] of Object.entries(parsed)) {
    if (key === "locals") into.locals.push(...value);
    else if (key === "resource" || key === "data") {
      for (const [type, byName] of Object.entries(value)) {
        into[key][type] ??= {};
        Object.assign(into[key][type], byName);
      }
    } else if (Array.isArray(value)) into[key] = [...(into[key] ?? []), ...value];
    else into[key] = { ...(into[key] ?? {}), ...value };
  }
}

async function readTree(base, failures) {
  const dirs = new Map(); // relative dir → merged config
  const tfvars = new Map(); // relative file → values
  const files = walk(path.join(base, "terraform"));
  if (files.length === 0) failures.push("no .tf files under terraform/");
  for (const file of files) {
    const rel = path.relative(base, file);
    let parsed;
    try {
      parsed = await parse(rel, fs.readFileSync(file, "utf8"));
    } catch (e) {
      failures.push(`parse error: ${String(e.message ?? e)}`);
      continue;
    }
    if (file.endsWith(".tfvars.example")) { tfvars.set(rel, parsed); continue; }
    const dir = path.dirname(rel);
    if (!dirs.has(dir)) dirs.set(dir, { resource: {}, data: {}, locals: [], variable: {}, output: {}, module: {} });
    mergeConfig(dirs.get(dir), parsed);
  }
  return { dirs, tfvars };
}

// --- Helpers ------------------------------------------------------------------------------------

const one = (blocks) => (Array.isArray(blocks) ? blocks[0] : blocks);
const text = (v) => (typeof v === "string" ? v : JSON.stringify(v));

function localsOf(cfg) {
  return Object.assign({}, ...cfg.locals);
}

// "${local.x}" → the local's value (one level), anything else unchanged.
function resolve(value, locals) {
  const m = typeof value === "string" && value.match(/^\$\{local\.([A-Za-z0-9_]+)\}$/);
  return m && m[1] in locals ? locals[m[1]] : value;
}

// All statements of all aws_iam_policy_document data sources, static and dynamic.
function policyStatements(cfg) {
  const out = [];
  for (const [name, blocks] of Object.entries(cfg.data.aws_iam_policy_document ?? {})) {
    const doc = one(blocks);
    for (const st of doc.statement ?? []) out.push({ doc: name, ...st });
    for (const dyn of doc.dynamic?.statement ?? []) {
      for (const st of dyn.content ?? []) out.push({ doc: name, for_each: dyn.for_each, ...st });
    }
  }
  return out;
}

function checker(failures) {
  return (condition, message) => {
    if (!condition) failures.push(message);
    return Boolean(condition);
  };
}

// --- The checks ---------------------------------------------------------------------------------

function checkModule(base, cfg, failures) {
  const ok = checker(failures);
  const locals = localsOf(cfg);
  const res = cfg.resource;
  const vars = cfg.variable;
  const varDefault = (name) => one(vars[name])?.default;

  for (const f of MODULE_FILES) ok(fs.existsSync(path.join(base, MODULE, f)), `module file missing: ${MODULE}/${f}`);

  // versions.tf pins hashicorp/aws with an upper bound.
  const providers = one(one(cfg.terraform ?? [])?.required_providers ?? []);
  const aws = providers?.aws;
  ok(aws?.source === "hashicorp/aws", "versions.tf: required_providers.aws.source must be hashicorp/aws");
  ok(typeof aws?.version === "string" && /~>|</.test(aws.version), "versions.tf: the aws provider version must be pinned (~> or an upper bound)");

  // The function: runtime, handler, the package of scripts/build_lambda.sh, the variables.
  const fn = one(res.aws_lambda_function?.this);
  if (!ok(fn, "aws_lambda_function.this missing")) return;
  ok(fn.runtime === "provided.al2023", `lambda runtime must be provided.al2023, is ${fn.runtime}`);
  ok(fn.handler === "bootstrap", `lambda handler must be bootstrap, is ${fn.handler}`);
  const pkg = text(resolve(fn.filename, locals));
  ok(/build\/atlan-delta-arc-lambda\.zip/.test(pkg), `lambda filename must default to build/atlan-delta-arc-lambda.zip, is ${pkg}`);
  ok(/filebase64sha256/.test(text(fn.source_code_hash)), "lambda source_code_hash must be filebase64sha256 of the package");
  ok(text(fn.architectures) === text(["${var.architecture}"]), "lambda architectures must be [var.architecture]");
  ok(varDefault("architecture") === "x86_64", "variable architecture must default to x86_64");
  ok(/x86_64.*arm64|arm64.*x86_64/.test(text(one(vars.architecture)?.validation)), "variable architecture must be validated to x86_64 | arm64");
  ok(varDefault("function_name") === "atlan-delta-arc", "variable function_name must default to atlan-delta-arc");
  ok(fn.function_name === "${var.function_name}", "lambda function_name must be var.function_name");
  ok(fn.memory_size === "${var.memory_size}" && varDefault("memory_size") === 128, "memory_size must be var.memory_size, default 128");
  ok(fn.timeout === "${var.timeout}" && varDefault("timeout") === 300, "timeout must be var.timeout, default 300");
  const timeoutRule = text(one(vars.timeout)?.validation);
  const maxTimeout = timeoutRule.match(/var\.timeout\s*<=\s*(\d+)/);
  ok(maxTimeout && Number(maxTimeout[1]) <= 900, "variable timeout must be validated <= 900");
  ok(text(one(fn.logging_config)?.log_group) === "${aws_cloudwatch_log_group.function.name}", "lambda logging_config.log_group must be the module's log group");

  // The environment: only DESIGN.md §3 names, the token never in plain text unless passed.
  const envExpr = one(fn.environment)?.variables;
  ok(envExpr === "${local.environment}", "lambda environment.variables must be local.environment");
  const envAll = locals.environment_all;
  if (ok(envAll && typeof envAll === "object", "locals.environment_all (the function's environment) missing")) {
    for (const name of Object.keys(envAll)) ok(ALLOWED_ENV.has(name), `environment variable not in DESIGN.md §3: ${name}`);
    for (const name of REQUIRED_ENV) ok(name in envAll, `environment variable missing: ${name}`);
    ok(envAll.LOG_FORMAT === "json", "LOG_FORMAT must be json");
    if ("ATLAN_API_TOKEN" in envAll) {
      const tokenVar = text(envAll.ATLAN_API_TOKEN).match(/^\$\{var\.([A-Za-z0-9_]+)\}$/);
      ok(tokenVar && one(vars[tokenVar[1]])?.sensitive === true && one(vars[tokenVar[1]])?.default === null,
        "ATLAN_API_TOKEN may only come from a sensitive variable that defaults to null");
    }
  }

  // IAM: least privilege.
  const statements = policyStatements(cfg);
  const allows = statements.filter((s) => (s.effect ?? "Allow") === "Allow");
  for (const st of statements) {
    for (const r of st.resources ?? []) ok(r !== "*", `statement ${st.sid ?? "?"} (${st.doc}) has Resource "*"`);
    for (const a of st.not_actions ?? []) ok(false, `statement ${st.sid ?? "?"} uses not_actions (${a})`);
  }
  for (const st of allows) {
    const allowed = allowedActions(st.doc);
    ok(allowed, `policy document ${st.doc} is not one the checks know (add its actions to ALLOWED_ACTIONS)`);
    for (const a of st.actions ?? []) {
      ok(!a.includes("*"), `Allow statement ${st.sid ?? "?"} (${st.doc}) has a wildcard action: ${a}`);
      if (allowed) ok(allowed.has(a), `Allow statement ${st.sid ?? "?"} (${st.doc}) grants an action delta-arc does not use: ${a}`);
    }
  }
  const execDoc = text(one(res.aws_iam_role_policy?.function)?.policy);
  ok(execDoc === "${data.aws_iam_policy_document.function.json}", "aws_iam_role_policy.function must use data.aws_iam_policy_document.function");
  ok(!res.aws_iam_role_policy_attachment && !res.aws_iam_policy_attachment, "no managed policy attachments (AWSLambdaBasicExecutionRole grants logs:CreateLogGroup on *)");
  for (const [type, byName] of Object.entries(res)) {
    for (const [name, blocks] of Object.entries(byName)) {
      const policy = one(blocks)?.policy;
      if (policy !== undefined) ok(/^\$\{data\.aws_iam_policy_document\.[a-z0-9_]+(\[0\])?\.json\}$/.test(text(policy)), `${type}.${name}.policy must come from an aws_iam_policy_document`);
    }
  }
  // The execution role's statements (the other roles' are checked in checkStateMachine/checkQueue).
  const withAction = (a) => allows.filter((s) => s.doc === "function" && (s.actions ?? []).includes(a));
  const resourcesOf = (st) => (st.resources ?? []).map((r) => text(resolve(r, locals)));

  const lists = withAction("s3:ListBucket");
  ok(lists.length >= 1, "s3:ListBucket on the source bucket missing");
  for (const st of lists) {
    for (const r of resourcesOf(st)) {
      ok(!/s3:::[^"\s]*\//.test(r) && !r.endsWith("*"), `s3:ListBucket must be on the bucket ARN, not objects: ${r}`);
    }
    const cond = (st.condition ?? []).find((c) => c.variable === "s3:prefix");
    ok(cond && /^StringLike$|^StringEquals$/.test(cond.test) && (cond.values ?? []).every((v) => /^\$\{(var\.s3_prefix|var\.cache_s3_prefix|local\.inventory_reports|statement\.value\.s3_prefix)\}\*$/.test(v)),
      `s3:ListBucket statement ${st.sid ?? "?"} needs an s3:prefix condition on the configured prefix`);
  }
  ok(lists.some((st) => resourcesOf(st).some((r) => r.includes("${var.s3_bucket_name}"))), "s3:ListBucket must cover the source bucket (var.s3_bucket_name)");

  const gets = withAction("s3:GetObject");
  ok(gets.some((st) => (st.resources ?? []).includes("${local.source_bucket_arn}/${var.s3_prefix}*")), "s3:GetObject on <bucket>/<prefix>* missing");
  for (const st of gets) {
    for (const r of st.resources ?? []) ok(/\/\$\{(var\.s3_prefix|var\.cache_s3_prefix|local\.inventory_reports|statement\.value\.s3_prefix)\}\*$/.test(r), `s3:GetObject must be limited to a configured prefix: ${r}`);
  }
  // Each further route (var.routes): its bucket listed under its prefix, its objects read there.
  const perRoute = (sts) => sts.filter((st) => /var\.routes/.test(text(st.for_each)));
  ok(perRoute(lists).some((st) => resourcesOf(st).some((r) => r.endsWith("s3:::${statement.value.s3_bucket_name}"))),
    "s3:ListBucket on each route's bucket (for_each over var.routes) missing");
  ok(perRoute(gets).some((st) => (st.resources ?? []).some((r) => r.endsWith("s3:::${statement.value.s3_bucket_name}/${statement.value.s3_prefix}*"))),
    "s3:GetObject on each route's <bucket>/<prefix>* (for_each over var.routes) missing");
  for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
    const sts = withAction(action);
    ok(sts.length >= 1, `${action} on the cache prefix missing`);
    for (const st of sts) {
      ok(text(st.resources) === text(["${local.cache_bucket_arn}/${var.cache_s3_prefix}*"]), `${action} only on <cache bucket>/<cache prefix>*, is ${text(st.resources)}`);
      ok(/cache_enabled/.test(text(st.for_each)), `${action} only when the cache is enabled`);
    }
  }
  for (const st of withAction("secretsmanager:GetSecretValue")) {
    ok(/var\.atlan_api_token_secret_arn/.test(text(st.for_each)) && text(st.resources) === text(["${statement.value}"]),
      "secretsmanager:GetSecretValue only on var.atlan_api_token_secret_arn");
  }
  ok(withAction("secretsmanager:GetSecretValue").length === 1, "exactly one secretsmanager:GetSecretValue statement");
  for (const st of withAction("ssm:GetParameter")) {
    ok(/token_parameter_arn/.test(text(st.for_each)) && /!= null/.test(text(st.for_each)), "ssm:GetParameter only when the parameter is used, on its ARN");
  }
  for (const a of ["kms:Decrypt", "kms:GenerateDataKey"]) {
    for (const st of withAction(a)) {
      ok(/kms_key_arn != null/.test(text(st.for_each)), `${a} only when a customer-managed key ARN is given`);
      ok((st.condition ?? []).some((c) => c.variable === "kms:ViaService"), `${a} only through the service (kms:ViaService)`);
    }
  }
  const publishes = withAction("sns:Publish");
  ok(publishes.length === 1 && text(publishes[0].resources) === text(["${local.alert_topic_arn}"]), "sns:Publish only on the alert topic");
  const logs = withAction("logs:PutLogEvents");
  ok(logs.length === 1 && resourcesOf(logs[0]).every((r) => r.startsWith("${aws_cloudwatch_log_group.function.arn}")),
    "logs:CreateLogStream/PutLogEvents only on the function's own log group");
  ok(text(one(res.aws_cloudwatch_log_group?.function)?.name) === "/aws/lambda/${var.function_name}", "log group must be /aws/lambda/<function_name>");
  ok(one(res.aws_cloudwatch_log_group?.function)?.retention_in_days === "${var.log_retention_days}", "log group retention must be var.log_retention_days");

  // EventBridge: the schedule and its input.
  ok(varDefault("schedule_expression") === "cron(0 2 * * ? *)", "schedule_expression must default to cron(0 2 * * ? *)");
  const scheduleRule = one(res.aws_cloudwatch_event_rule?.schedule);
  ok(scheduleRule?.schedule_expression === "${var.schedule_expression}", "schedule rule must use var.schedule_expression");
  for (const name of ["schedule", "schedule_state_machine"]) {
    const scheduleTarget = one(res.aws_cloudwatch_event_target?.[name]);
    const input = scheduleTarget?.input;
    const inputLocal = typeof input === "string" && input.match(/^\$\{jsonencode\(local\.([A-Za-z0-9_]+)\)\}$/);
    const inputValue = inputLocal ? locals[inputLocal[1]] : (() => { try { return JSON.parse(input); } catch { return undefined; } })();
    ok(text(inputValue) === text({ force_refresh: false, trigger: "scheduled" }) || text(inputValue) === text({ trigger: "scheduled", force_refresh: false }),
      `schedule input (${name}) must be {"trigger":"scheduled","force_refresh":false}, is ${text(inputValue)}`);
  }

  // EventBridge: S3 object events of the bucket, under the prefix.
  const s3Rule = one(res.aws_cloudwatch_event_rule?.s3_objects);
  if (ok(s3Rule, "S3 event rule (aws_cloudwatch_event_rule.s3_objects) missing")) {
    const patternRef = text(s3Rule.event_pattern).match(/^\$\{jsonencode\(local\.([A-Za-z0-9_]+)\)\}$/);
    const pattern = patternRef ? locals[patternRef[1]] : undefined;
    if (ok(pattern && typeof pattern === "object", "S3 rule event_pattern must be jsonencode of a local pattern")) {
      ok(text(pattern.source) === text(["aws.s3"]), "S3 rule pattern source must be [\"aws.s3\"]");
      const detailTypes = text(resolve(pattern["detail-type"], locals));
      ok(/"Object Created"/.test(detailTypes), "S3 rule pattern detail-type must include \"Object Created\"");
      // The module's own bucket and prefix, and (with routes) each route's, any of them ($or).
      const detail = text(locals.s3_event_detail);
      const routeDetails = text(locals.s3_route_event_details);
      ok(/\$or/.test(text(pattern.detail)) && /s3_event_detail\b/.test(text(pattern.detail)) && /s3_route_event_details/.test(text(pattern.detail)),
        "S3 rule pattern must match the module's bucket or ($or) each route's");
      ok(/bucket\s*=\s*\{\s*name\s*=\s*\[r\.s3_bucket_name\]/.test(routeDetails) && /key\s*=\s*\[\{\s*prefix\s*=\s*r\.s3_prefix\s*\}\]/.test(routeDetails) && /var\.routes/.test(routeDetails),
        "S3 rule pattern must match each route's bucket by name and its keys by prefix");
      ok(/bucket\s*=\s*\{\s*name\s*=\s*\[var\.s3_bucket_name\]/.test(detail), "S3 rule pattern must match detail.bucket.name = var.s3_bucket_name");
      ok(/key\s*=\s*\[\{\s*prefix\s*=\s*var\.s3_prefix\s*\}\]/.test(detail), "S3 rule pattern must match detail.object.key by prefix var.s3_prefix");
    }
  }
  const notification = one(res.aws_s3_bucket_notification?.source);
  ok(notification?.eventbridge === true, "aws_s3_bucket_notification must set eventbridge = true");
  ok(/var\.manage_bucket_notification/.test(text(notification?.count)), "the bucket notification must be opt-in (var.manage_bucket_notification)");
  const routeNotifications = one(res.aws_s3_bucket_notification?.routes);
  ok(routeNotifications?.eventbridge === true && /var\.manage_bucket_notification/.test(text(routeNotifications?.for_each)),
    "the routes' bucket notifications must set eventbridge = true, opt-in (var.manage_bucket_notification)");

  // Routes: the file (and the routes' mapping files) in a layer of the function, named by ROUTES_FILE.
  const layer = one(res.aws_lambda_layer_version?.routes);
  ok(layer && /data\.archive_file\.routes/.test(text(layer.filename)) && /local\.routes_enabled/.test(text(layer.count)),
    "the routes' layer (aws_lambda_layer_version.routes from data.archive_file.routes) missing");
  ok(/aws_lambda_layer_version\.routes/.test(text(fn.layers)), "the function must carry the routes' layer");
  ok(/\/opt\/\$\{local\.routes_file\}/.test(text(envAll?.ROUTES_FILE)), "ROUTES_FILE must name the layer's routes file under /opt");

  // Each rule's targets: the function (with a Lambda permission for that rule), the state machine
  // (with the schedule's role) or the events queue (whose policy checkQueue checks).
  const targets = Object.entries(res.aws_cloudwatch_event_target ?? {}).map(([name, blocks]) => ({ name, ...one(blocks) }));
  for (const rule of Object.keys(res.aws_cloudwatch_event_rule ?? {})) {
    const ruleTargets = targets.filter((t) => text(t.rule).startsWith(`\${aws_cloudwatch_event_rule.${rule}`));
    ok(ruleTargets.length >= 1, `event rule ${rule} has no target`);
    for (const target of ruleTargets) {
      if (target.arn === "${aws_lambda_function.this.arn}") {
        const perm = Object.values(res.aws_lambda_permission ?? {}).map(one)
          .find((p) => text(p.source_arn).startsWith(`\${aws_cloudwatch_event_rule.${rule}`));
        ok(perm && perm.principal === "events.amazonaws.com" && perm.action === "lambda:InvokeFunction" &&
          perm.function_name === "${aws_lambda_function.this.function_name}" && perm.count === target.count,
          `event rule ${rule} needs an aws_lambda_permission for events.amazonaws.com with its source_arn (and its target's count)`);
      } else if (target.arn === "${aws_sfn_state_machine.this[0].arn}") {
        ok(rule === "schedule" && target.role_arn === "${aws_iam_role.schedule[0].arn}",
          `event target ${target.name} starts the state machine: only the schedule, with the schedule's role`);
      } else if (target.arn === "${aws_sqs_queue.events[0].arn}") {
        ok(rule === "s3_objects", `event target ${target.name} sends to the events queue: only the S3 rule`);
      } else {
        ok(false, `event target ${target.name} must be the function, the state machine or the events queue, is ${text(target.arn)}`);
      }
    }
  }
  const scheduleToMachine = one(res.aws_cloudwatch_event_target?.schedule_state_machine);
  ok(scheduleToMachine?.arn === "${aws_sfn_state_machine.this[0].arn}" && /var\.enable_state_machine/.test(text(scheduleToMachine?.count)),
    "the schedule must start the state machine when var.enable_state_machine is on (aws_cloudwatch_event_target.schedule_state_machine)");
  const scheduleDirect = one(res.aws_cloudwatch_event_target?.schedule);
  ok(!scheduleDirect || /!var\.enable_state_machine/.test(text(scheduleDirect.count)),
    "the schedule must not also invoke the function directly when the state machine is on");

  // Async invocations: the on-failure destination is the alert topic.
  const invokeConfig = one(res.aws_lambda_function_event_invoke_config?.this);
  const onFailure = invokeConfig?.dynamic?.destination_config?.[0]?.content?.[0]?.on_failure ?? one(invokeConfig?.destination_config)?.on_failure;
  ok(one(onFailure)?.destination === "${local.alert_topic_arn}", "event invoke config must send failures to the alert topic");

  // Alarms.
  const alarms = Object.values(res.aws_cloudwatch_metric_alarm ?? {}).map(one);
  const alarmFor = (ns, metric) => alarms.find((a) => resolve(a.namespace, locals) === ns && a.metric_name === metric);
  for (const metric of ["Errors", "Throttles", "Duration"]) ok(alarmFor("AWS/Lambda", metric), `alarm on AWS/Lambda ${metric} missing`);
  const duration = alarmFor("AWS/Lambda", "Duration");
  ok(duration && duration.statistic === "Maximum" && /var\.timeout\s*\*\s*1000/.test(text(duration.threshold)), "Duration alarm must compare the maximum with a share of var.timeout");
  const noSuccess = alarmFor("Atlan/LineagePipeline", "PipelineSucceeded");
  if (ok(noSuccess, "alarm on Atlan/LineagePipeline PipelineSucceeded missing")) {
    ok(noSuccess.treat_missing_data === "breaching", "PipelineSucceeded alarm must treat missing data as breaching");
    const hours = text(noSuccess.evaluation_periods).match(/var\.([a-z_]+)/);
    ok(noSuccess.period === 3600 && hours && varDefault(hours[1]) === 26, "PipelineSucceeded alarm must span 26 hours by default (period 3600 × 26)");
    ok(/LessThan/.test(noSuccess.comparison_operator ?? ""), "PipelineSucceeded alarm must fire below its threshold");
  }
  ok(/atlan_requests_per_minute\s*\*\s*local\.runs_at_once\s*<=\s*400/.test(fs.readFileSync(path.join(base, MODULE, "main.tf"), "utf8")),
    "the function needs a precondition keeping atlan_requests_per_minute times the runs at once within Atlan's 400 a minute");
  ok(/var\.s3_register_objects\s*\|\|\s*var\.s3_lineage_level\s*==\s*"prefix"/.test(fs.readFileSync(path.join(base, MODULE, "main.tf"), "utf8")),
    "the function needs a precondition refusing s3_register_objects = false at the object level (delta-arc exits 2 on it)");
  ok(/^\$\{contains\(\["object", "prefix"\], var\.s3_lineage_level\)\}$/.test(one(one(vars.s3_lineage_level)?.validation)?.condition ?? "") && varDefault("s3_lineage_level") === "object",
    "variable s3_lineage_level must default to object and be validated to object | prefix");
  const gaps = alarmFor("Atlan/LineagePipeline", "TagGaps");
  if (ok(gaps, "alarm on Atlan/LineagePipeline TagGaps missing")) {
    ok(/GreaterThanOrEqual/.test(gaps.comparison_operator ?? "") && gaps.threshold === 1,
      "TagGaps alarm must fire on one gap");
  }
  const throttling = alarmFor("Atlan/LineagePipeline", "AtlanThrottles");
  if (ok(throttling, "alarm on Atlan/LineagePipeline AtlanThrottles missing")) {
    ok(throttling.evaluation_periods >= 2 && throttling.datapoints_to_alarm === throttling.evaluation_periods,
      "AtlanThrottles alarm must fire on sustained throttling (every one of 2 or more periods)");
  }
  for (const a of alarms) {
    if (["AWS/Lambda", "Atlan/LineagePipeline"].includes(resolve(a.namespace, locals))) {
      ok(text(resolve(a.dimensions, locals)).includes("FunctionName"), `alarm ${a.alarm_name} must be on the FunctionName dimension`);
    }
    ok(/alarm_actions/.test(text(a.alarm_actions)) || a.alarm_actions, `alarm ${a.alarm_name} needs alarm_actions`);
  }
  ok(one(res.aws_sns_topic?.alerts), "SNS alert topic missing");
  const sub = one(res.aws_sns_topic_subscription?.email);
  ok(sub?.protocol === "email" && /var\.alert_email/.test(text(sub?.count)), "optional e-mail subscription (var.alert_email) missing");

  // Dashboard.
  const dash = one(res.aws_cloudwatch_dashboard?.this);
  if (ok(dash, "dashboard missing")) {
    const body = text(dash.dashboard_body) + text(locals);
    for (const m of ["Duration", "Errors", "Invocations", ...CUSTOM_METRICS]) ok(body.includes(`"${m}"`) || body.includes(`\\"${m}\\"`), `dashboard lacks ${m}`);
  }

  // The cache bucket: private, encrypted, expiring.
  const pab = one(res.aws_s3_bucket_public_access_block?.cache);
  ok(pab && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => pab[k] === true), "cache bucket must block all public access");
  const sse = one(res.aws_s3_bucket_server_side_encryption_configuration?.cache);
  ok(one(one(sse?.rule)?.apply_server_side_encryption_by_default)?.sse_algorithm, "cache bucket must have default encryption");
  const lifecycle = one(one(res.aws_s3_bucket_lifecycle_configuration?.cache)?.rule);
  ok(lifecycle?.status === "Enabled" && one(lifecycle?.expiration)?.days, "cache bucket needs an enabled lifecycle expiration rule");
  for (const type of ["aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_lifecycle_configuration"]) {
    ok(/var\.create_cache_bucket/.test(text(one(res[type]?.cache)?.count)), `${type}.cache must be optional (var.create_cache_bucket)`);
  }
}

// --- The state machine (issue 12, "runs that finish") ---------------------------------------------

// Renders a Terraform template the way templatefile does, for the subset the module's templates
// use: ${name} and %{ if name } … %{ else } … %{ endif }, with ~ strip markers. Anything else is
// an error, so a template cannot silently use what this renderer does not understand. Checked once
// against `terraform console`'s templatefile: the same text for both values of alerts_enabled.
function renderTemplate(template, vars) {
  const names = new Set();
  const directive = /%\{(~?)\s*(if\s+([A-Za-z_][A-Za-z0-9_]*)|else|endif)\s*(~?)\}/g;
  const parts = [];
  let last = 0;
  for (const m of template.matchAll(directive)) {
    parts.push({ text: template.slice(last, m.index) });
    parts.push({ stripBefore: m[1] === "~", word: m[2].split(/\s+/)[0], name: m[3], stripAfter: m[4] === "~" });
    last = m.index + m[0].length;
  }
  parts.push({ text: template.slice(last) });
  for (let i = 0; i < parts.length; ++i) {
    if (parts[i].text !== undefined) continue;
    // As Terraform does: the blanks and one line break on the marker's side.
    if (parts[i].stripBefore && parts[i - 1]) parts[i - 1].text = parts[i - 1].text.replace(/\r?\n?[ \t]*$/, "");
    if (parts[i].stripAfter && parts[i + 1]) parts[i + 1].text = parts[i + 1].text.replace(/^[ \t]*\r?\n?/, "");
  }
  let out = "";
  const stack = []; // each: whether the enclosing branch is emitted
  const emitting = () => stack.every((b) => b.on);
  for (const part of parts) {
    if (part.text !== undefined) {
      if (emitting()) out += part.text;
    } else if (part.word === "if") {
      names.add(part.name);
      if (!(part.name in vars)) throw new Error(`template uses ${part.name}, which templatefile does not pass`);
      stack.push({ on: vars[part.name] === true });
    } else if (part.word === "else") {
      if (stack.length === 0) throw new Error("template: %{ else } without %{ if }");
      stack[stack.length - 1].on = !stack[stack.length - 1].on;
    } else {
      if (stack.length === 0) throw new Error("template: %{ endif } without %{ if }");
      stack.pop();
    }
  }
  if (stack.length !== 0) throw new Error("template: %{ if } without %{ endif }");
  if (/%\{/.test(out)) throw new Error("template: a %{ … } directive this renderer does not support");
  return {
    names,
    text: out.replace(/\$\{([^}]*)\}/g, (_, expr) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(expr)) throw new Error(`template expression \${${expr}} is not a plain variable`);
      names.add(expr);
      if (!(expr in vars)) throw new Error(`template uses ${expr}, which templatefile does not pass`);
      return String(vars[expr]);
    }),
  };
}

// The templatefile(...) call of local.state_machine_definition: its file and its variables'
// expressions (one `name = expression` a line, as terraform fmt writes them).
function templateCall(expr) {
  const m = typeof expr === "string" && expr.match(/^\$\{templatefile\("\$\{path\.module\}\/([^"]+)",\s*\{([\s\S]*)\}\)\}$/);
  if (!m) return undefined;
  const vars = {};
  for (const line of m[2].split("\n")) {
    const kv = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/);
    if (kv) vars[kv[1]] = kv[2];
  }
  return { file: m[1], vars };
}

const SAMPLE = {
  partition: "aws",
  function_arn: "arn:aws:lambda:us-east-1:123456789012:function:atlan-delta-arc",
  alert_topic_arn: "arn:aws:sns:us-east-1:123456789012:atlan-delta-arc-alerts",
};

function checkStateMachine(base, cfg, failures) {
  const ok = checker(failures);
  const locals = localsOf(cfg);
  const res = cfg.resource;
  const vars = cfg.variable;
  const varDefault = (name) => one(vars[name])?.default;

  const sfn = one(res.aws_sfn_state_machine?.this);
  if (!ok(sfn, "aws_sfn_state_machine.this (the loop that runs a sync until it is complete) missing")) return;
  ok(sfn.type === "STANDARD", `the state machine must be STANDARD (an execution may outlast Express's 5 minutes), is ${sfn.type}`);
  ok(/var\.enable_state_machine/.test(text(sfn.count)), "the state machine must be optional (var.enable_state_machine)");
  ok(typeof varDefault("enable_state_machine") === "boolean", "variable enable_state_machine must be a bool with a default");
  ok(sfn.role_arn === "${aws_iam_role.state_machine[0].arn}", "the state machine must run with its own role (aws_iam_role.state_machine)");
  ok(sfn.definition === "${local.state_machine_definition}", "the state machine's definition must be local.state_machine_definition");

  // Its roles: the state machine may invoke only the function and publish only to the alert topic;
  // the schedule may start only the state machine. Each role has exactly its one policy.
  const statements = policyStatements(cfg).filter((s) => (s.effect ?? "Allow") === "Allow");
  const ofDoc = (doc) => statements.filter((s) => s.doc === doc);
  const invokes = ofDoc("state_machine").filter((s) => (s.actions ?? []).includes("lambda:InvokeFunction"));
  ok(invokes.length === 1 && text(invokes[0].resources) === text(["${aws_lambda_function.this.arn}"]),
    "lambda:InvokeFunction only on the function (aws_lambda_function.this.arn)");
  for (const st of ofDoc("state_machine").filter((s) => (s.actions ?? []).includes("sns:Publish"))) {
    ok(text(st.resources) === text(["${local.alert_topic_arn}"]) && /alerts_enabled/.test(text(st.for_each)),
      "the state machine's sns:Publish only on the alert topic, only when alerts are on");
  }
  const starts = ofDoc("schedule").filter((s) => (s.actions ?? []).includes("states:StartExecution"));
  ok(starts.length === 1 && text(starts[0].resources) === text(["${aws_sfn_state_machine.this[0].arn}"]),
    "states:StartExecution only on the state machine (aws_sfn_state_machine.this[0].arn)");
  const trust = (doc, service) => ofDoc(doc).some((s) => text(s.principals).includes(service) &&
    (s.condition ?? []).some((c) => c.variable === "aws:SourceAccount"));
  ok(trust("state_machine_assume_role", "states.amazonaws.com"), "the state machine's role must trust states.amazonaws.com of this account only");
  ok(trust("schedule_assume_role", "events.amazonaws.com"), "the schedule's role must trust events.amazonaws.com of this account only");
  const rolePolicies = Object.values(res.aws_iam_role_policy ?? {}).map(one);
  for (const [role, doc] of [["state_machine", "state_machine"], ["schedule", "schedule"], ["function", "function"]]) {
    const attached = rolePolicies.filter((p) => text(p.role).startsWith(`\${aws_iam_role.${role}`));
    ok(attached.length === 1 && new RegExp(`^\\$\\{data\\.aws_iam_policy_document\\.${doc}(\\[0\\])?\\.json\\}$`).test(text(attached[0].policy)),
      `role ${role} must have exactly one policy, data.aws_iam_policy_document.${doc}`);
  }
  ok(/state_machine_assume_role/.test(text(one(res.aws_iam_role?.state_machine)?.assume_role_policy)), "aws_iam_role.state_machine must use its own trust policy");
  ok(/schedule_assume_role/.test(text(one(res.aws_iam_role?.schedule)?.assume_role_policy)), "aws_iam_role.schedule must use its own trust policy");

  // The definition: rendered as templatefile would, with and without alerts.
  const call = templateCall(locals.state_machine_definition);
  if (!ok(call, "local.state_machine_definition must be templatefile(\"${path.module}/<file>\", { name = expression … })")) return;
  const templatePath = path.join(base, MODULE, call.file);
  if (!ok(fs.existsSync(templatePath), `state machine template ${call.file} missing`)) return;
  const expect = (name, pattern, what) => ok(pattern.test(call.vars[name] ?? ""), `template variable ${name} must be ${what}, is ${call.vars[name]}`);
  expect("function_arn", /^aws_lambda_function\.this\.arn$/, "aws_lambda_function.this.arn");
  expect("max_iterations", /^var\.state_machine_max_iterations$/, "var.state_machine_max_iterations");
  expect("alerts_enabled", /^local\.alerts_enabled$/, "local.alerts_enabled");
  expect("alert_topic_arn", /local\.alert_topic_arn/, "local.alert_topic_arn");
  expect("failure_state", /^local\.alerts_enabled \? "[^"]+" : "[^"]+"$/, "local.alerts_enabled ? \"<alert state>\" : \"<fail state>\"");
  const maxIterations = varDefault("state_machine_max_iterations");
  ok(Number.isInteger(maxIterations) && maxIterations >= 1, `variable state_machine_max_iterations must default to a whole number >= 1, is ${maxIterations}`);
  const maxRule = text(one(vars.state_machine_max_iterations)?.validation).match(/var\.state_machine_max_iterations\s*<=\s*(\d+)/);
  ok(maxRule && Number(maxRule[1]) <= 1000, "variable state_machine_max_iterations must be validated <= 1000 (a loop bound, not a formality)");
  const taskTimeout = (call.vars.task_timeout_seconds ?? "").match(/^var\.timeout \+ (\d+)$/);
  ok(taskTimeout, `template variable task_timeout_seconds must be var.timeout + <seconds>, is ${call.vars.task_timeout_seconds}`);
  const failureStates = (call.vars.failure_state ?? "").match(/"([^"]+)" : "([^"]+)"/) ?? [];
  const template = fs.readFileSync(templatePath, "utf8");

  const used = new Set();
  for (const alerts of [true, false]) {
    const values = {
      ...SAMPLE, function_name: varDefault("function_name"), max_iterations: maxIterations,
      task_timeout_seconds: varDefault("timeout") + Number(taskTimeout?.[1] ?? 0), alerts_enabled: alerts,
      alert_topic_arn: alerts ? SAMPLE.alert_topic_arn : "", failure_state: alerts ? failureStates[1] : failureStates[2],
    };
    const label = `state machine (alerts ${alerts ? "on" : "off"})`;
    let rendered;
    try {
      rendered = renderTemplate(template, Object.fromEntries(Object.keys(call.vars).map((k) => [k, values[k]])));
    } catch (e) {
      ok(false, `${label}: ${e.message}`);
      return;
    }
    for (const name of rendered.names) used.add(name);
    let definition;
    try {
      definition = JSON.parse(rendered.text);
    } catch (e) {
      ok(false, `${label}: the rendered definition is not JSON (${e.message})`);
      continue;
    }
    const { isValid, errors } = validateAsl(structuredClone(definition));
    ok(isValid, `${label}: asl-validator rejects the definition: ${text((errors ?? []).map((e) => e.message ?? e))}`);
    checkDefinition(definition, values, label, ok);
    checkRuns(definition, values, label, ok);
  }
  for (const name of Object.keys(call.vars)) ok(used.has(name), `templatefile passes ${name}, which the state machine template never uses`);
}

// What the definition must do, beyond being valid ASL: invoke the function with the event, loop
// while result.complete is false, stop after max_iterations, retry, and send failures to the alert
// topic (or straight to a Fail state when there is none).
function checkDefinition(definition, values, label, ok) {
  const states = definition.States ?? {};
  const entries = Object.entries(states);
  const invokes = entries.filter(([, s]) => s.Type === "Task" && /^arn:aws:states:::lambda:invoke$/.test(s.Resource ?? ""));
  if (!ok(invokes.length === 1, `${label}: one Task must invoke the function (arn:<partition>:states:::lambda:invoke)`)) return;
  const [invokeName, invoke] = invokes[0];
  ok(invoke.Parameters?.FunctionName === values.function_arn, `${label}: the Task must invoke the function's ARN, invokes ${invoke.Parameters?.FunctionName}`);
  ok((invoke.Retry ?? []).some((r) => (r.ErrorEquals ?? []).some((e) => e.startsWith("Lambda.")) && r.MaxAttempts >= 1),
    `${label}: the invoke Task must Retry Lambda's service errors`);
  const catchAll = (invoke.Catch ?? []).find((c) => (c.ErrorEquals ?? []).includes("States.ALL"));
  ok(catchAll, `${label}: the invoke Task must Catch States.ALL`);
  ok(invoke.TimeoutSeconds > 0, `${label}: the invoke Task needs a TimeoutSeconds`);

  // Where a failure goes: through the alert (an sns:publish Task on the alert topic) to a Fail.
  const failurePath = (start) => {
    const seen = [];
    for (let name = start; name && states[name] && !seen.includes(name); name = states[name].Next) seen.push(name);
    return seen.map((n) => states[n]);
  };
  const reachesAlertThenFail = (start) => {
    const pathStates = failurePath(start);
    const publishes = pathStates.some((s) => s.Type === "Task" && /:::sns:publish$/.test(s.Resource ?? "") && s.Parameters?.TopicArn === values.alert_topic_arn);
    return pathStates.at(-1)?.Type === "Fail" && (values.alerts_enabled ? publishes : true);
  };
  ok(catchAll && reachesAlertThenFail(catchAll.Next), `${label}: a caught failure must ${values.alerts_enabled ? "publish to the alert topic, then " : ""}end in a Fail state`);

  // The loop: a Choice on result.complete that goes back to the invoke (through the bound), and
  // the bound itself, max_iterations, whose way out is a failure.
  const choices = entries.filter(([, s]) => s.Type === "Choice");
  const leaves = (rule) => [rule, ...(rule.And ?? []).flatMap(leaves), ...(rule.Or ?? []).flatMap(leaves)];
  const isIncomplete = (rule) => leaves(rule).some((l) => /\.result\.complete$/.test(l.Variable ?? "") && l.BooleanEquals === false);
  const onComplete = choices.find(([, s]) => (s.Choices ?? []).some(isIncomplete));
  ok(onComplete && invoke.Next === onComplete[0] && states[onComplete[1].Default]?.Type === "Succeed",
    `${label}: after the invoke a Choice must test the answer's result.complete (false: go on; else succeed)`);
  const bound = choices.find(([, s]) => (s.Choices ?? []).some((c) => c.NumericGreaterThanEquals === values.max_iterations || c.NumericGreaterThan === values.max_iterations));
  ok(bound, `${label}: no loop bound: a Choice must compare the iteration with max_iterations (${values.max_iterations})`);
  if (bound) {
    const rule = bound[1].Choices.find((c) => c.NumericGreaterThanEquals === values.max_iterations || c.NumericGreaterThan === values.max_iterations);
    ok(reachesAlertThenFail(rule.Next), `${label}: reaching the loop bound must ${values.alerts_enabled ? "alert and " : ""}fail`);
    const again = failurePath(bound[1].Default);
    ok(again.includes(invoke) && text(again).includes("States.MathAdd"), `${label}: below the bound the loop must count the iteration (States.MathAdd) and invoke again`);
  }
  ok(entries.some(([, s]) => s.Type === "Succeed"), `${label}: a complete sync must end in a Succeed state`);
  void invokeName;
}

// --- Running the definition: a small interpreter for the ASL the template uses ---------------------

// Runs `definition` on `input`, the Lambda invoke Task answered by `invoke(payload, n)` (which
// returns the function's answer or throws {Error, Cause}), sns:publish recorded. Only the subset
// the template uses is supported; anything else throws, so the simulation cannot drift silently
// from what the definition says. No waiting: Retry counts attempts, it does not sleep.
function simulate(definition, input, invoke, { maxSteps = 10000 } = {}) {
  const context = { Execution: { Name: "check-execution" }, StateMachine: { Name: "check-state-machine" } };
  const trace = { invocations: [], published: [], states: [] };
  const getPath = (data, p) => {
    const m = p.match(/^(\$\$?)((?:\.[A-Za-z0-9_]+)*)$/);
    if (!m) throw new Error(`simulate: unsupported path ${p}`);
    let v = m[1] === "$$" ? context : data;
    for (const key of m[2].split(".").slice(1)) {
      if (v === null || typeof v !== "object" || !(key in v)) return { present: false };
      v = v[key];
    }
    return { present: true, value: v };
  };
  const valueOf = (data, p) => {
    const r = getPath(data, p);
    if (!r.present) throw Object.assign(new Error(`path ${p} absent`), { asl: { Error: "States.Runtime", Cause: `path ${p} absent` } });
    return r.value;
  };
  const args = (data, text) => {
    const out = [];
    for (const m of text.matchAll(/\s*('(?:[^'\\]|\\.)*'|\$[^,]*|-?\d+)\s*(,|$)/g)) {
      if (m[0] === "") break;
      const a = m[1].trim();
      out.push(a.startsWith("'") ? a.slice(1, -1).replace(/\\(.)/g, "$1") : a.startsWith("$") ? valueOf(data, a) : Number(a));
    }
    return out;
  };
  const evaluate = (data, expr) => {
    const call = expr.match(/^(States\.[A-Za-z]+)\((.*)\)$/);
    if (!call) return valueOf(data, expr);
    const a = args(data, call[2]);
    switch (call[1]) {
      case "States.StringToJson": return JSON.parse(a[0]);
      case "States.MathAdd": return a[0] + a[1];
      case "States.Format": { let i = 1; return a[0].replace(/\{\}/g, () => (typeof a[i] === "string" ? a[i++] : JSON.stringify(a[i++]))); }
      default: throw new Error(`simulate: unsupported intrinsic ${call[1]}`);
    }
  };
  const template = (data, t) => {
    if (Array.isArray(t)) return t.map((x) => template(data, x));
    if (t === null || typeof t !== "object") return t;
    const out = {};
    for (const [k, v] of Object.entries(t)) {
      if (k.endsWith(".$")) out[k.slice(0, -2)] = evaluate(data, v);
      else out[k] = template(data, v);
    }
    return out;
  };
  const putResult = (data, resultPath, result) => {
    if (resultPath === null) return data;
    if (resultPath === undefined || resultPath === "$") return result;
    const keys = resultPath.match(/^\$((?:\.[A-Za-z0-9_]+)+)$/)?.[1].split(".").slice(1);
    if (!keys) throw new Error(`simulate: unsupported ResultPath ${resultPath}`);
    const out = structuredClone(data);
    let v = out;
    for (const k of keys.slice(0, -1)) v = v[k] ??= {};
    v[keys.at(-1)] = result;
    return out;
  };
  const matches = (names, error) => names.includes(error) || (names.includes("States.ALL"));
  const rule = (data, r) => {
    if (r.And) return r.And.every((x) => rule(data, x));
    if (r.Or) return r.Or.some((x) => rule(data, x));
    if (r.Not) return !rule(data, r.Not);
    const found = getPath(data, r.Variable);
    if ("IsPresent" in r) return found.present === r.IsPresent;
    if (!found.present) throw Object.assign(new Error(`Choice on absent ${r.Variable}`), { asl: { Error: "States.Runtime", Cause: r.Variable } });
    if ("BooleanEquals" in r) return found.value === r.BooleanEquals;
    if ("NumericGreaterThanEquals" in r) return found.value >= r.NumericGreaterThanEquals;
    if ("NumericGreaterThan" in r) return found.value > r.NumericGreaterThan;
    if ("NumericEquals" in r) return found.value === r.NumericEquals;
    throw new Error(`simulate: unsupported Choice rule ${JSON.stringify(r)}`);
  };
  const runTask = (state, data) => {
    const params = template(data, state.Parameters ?? {});
    if (/:::lambda:invoke$/.test(state.Resource)) {
      trace.invocations.push(params.Payload);
      return { Payload: invoke(params.Payload, trace.invocations.length), StatusCode: 200 };
    }
    if (/:::sns:publish$/.test(state.Resource)) {
      trace.published.push(params);
      return { MessageId: "m" };
    }
    throw new Error(`simulate: unsupported Task resource ${state.Resource}`);
  };

  let data = input;
  let name = definition.StartAt;
  for (let step = 0; step < maxSteps; ++step) {
    const state = definition.States[name];
    if (!state) throw new Error(`simulate: no state ${name}`);
    trace.states.push(name);
    switch (state.Type) {
      case "Pass":
        data = putResult(data, state.ResultPath, state.Parameters ? template(data, state.Parameters) : data);
        break;
      case "Task": {
        let caughtNext = null;
        const attempts = new Map();
        for (;;) {
          try {
            let result = runTask(state, data);
            if (state.ResultSelector) result = template(result, state.ResultSelector);
            data = putResult(data, state.ResultPath, result);
            break;
          } catch (e) {
            const error = e.asl ?? (e.Error ? e : null);
            if (!error) throw e;
            const retry = (state.Retry ?? []).find((r) => matches(r.ErrorEquals, error.Error));
            const tried = attempts.get(retry) ?? 0;
            if (retry && tried < (retry.MaxAttempts ?? 3)) { attempts.set(retry, tried + 1); continue; }
            const caught = (state.Catch ?? []).find((c) => matches(c.ErrorEquals, error.Error));
            if (!caught) return { status: "FAILED", error: error.Error, trace };
            data = putResult(data, caught.ResultPath, { Error: error.Error, Cause: error.Cause });
            caughtNext = caught.Next;
            break;
          }
        }
        if (caughtNext) {
          name = caughtNext;
          continue;
        }
        break;
      }
      case "Choice": {
        const chosen = state.Choices.find((r) => rule(data, r));
        name = chosen ? chosen.Next : state.Default;
        if (!name) return { status: "FAILED", error: "States.NoChoiceMatched", trace };
        continue;
      }
      case "Succeed":
        return { status: "SUCCEEDED", output: data, trace };
      case "Fail":
        return { status: "FAILED", error: state.Error, trace };
      default:
        throw new Error(`simulate: unsupported state type ${state.Type}`);
    }
    if (state.End) return { status: "SUCCEEDED", output: data, trace };
    name = state.Next;
  }
  throw new Error(`simulate: more than ${maxSteps} steps`);
}

// The loop as it runs: the function answering complete=false, then true; never complete; failing;
// Lambda failing once. What each invocation is sent, how many there are, what reaches the topic.
function checkRuns(definition, values, label, ok) {
  const answer = (complete) => ({ statusCode: 200, body: JSON.stringify({ message: "Pipeline executed successfully", result: { complete, trigger: "manual" } }) });
  const input = { trigger: "manual", force_refresh: true };
  const run = (what, invoke) => {
    try {
      return simulate(structuredClone(definition), structuredClone(input), invoke);
    } catch (e) {
      ok(false, `${label}: simulated run (${what}) broke: ${e.message}`);
      return undefined;
    }
  };
  const alerts = (r) => r.trace.published.filter((p) => p.TopicArn === values.alert_topic_arn);

  const resumed = run("complete on the third invocation", (payload, n) => answer(n >= 3));
  if (resumed) {
    ok(resumed.status === "SUCCEEDED" && resumed.trace.invocations.length === 3,
      `${label}: simulated: a sync complete on the third invocation must succeed after 3 invocations, got ${resumed.status} after ${resumed.trace.invocations.length}`);
    ok(text(resumed.trace.invocations[0]) === text(input), `${label}: simulated: the first invocation must get the execution's input, got ${text(resumed.trace.invocations[0])}`);
    for (const payload of resumed.trace.invocations.slice(1)) {
      ok(text(payload) === text({ trigger: "manual", force_refresh: false }),
        `${label}: simulated: a continuation must send the same trigger with force_refresh false, sent ${text(payload)}`);
    }
    ok(resumed.trace.published.length === 0, `${label}: simulated: a successful run must publish nothing`);
  }
  const endless = run("never complete", () => answer(false));
  if (endless) {
    ok(endless.status === "FAILED" && endless.trace.invocations.length === values.max_iterations,
      `${label}: simulated: a sync never complete must fail after max_iterations (${values.max_iterations}) invocations, got ${endless.status} after ${endless.trace.invocations.length}`);
    ok(values.alerts_enabled ? alerts(endless).length === 1 && /IterationLimitReached/.test(alerts(endless)[0].Message) : endless.trace.published.length === 0,
      `${label}: simulated: the loop bound must ${values.alerts_enabled ? "publish one IterationLimitReached alert" : "publish nothing (no topic)"}`);
  }
  const failing = run("function error", () => { throw { Error: "Unauthorized", Cause: "Atlan answered 401" }; });
  if (failing) {
    ok(failing.status === "FAILED" && failing.trace.invocations.length === 1, `${label}: simulated: a function error must fail the execution after 1 invocation`);
    ok(values.alerts_enabled ? alerts(failing).length === 1 && /Unauthorized/.test(alerts(failing)[0].Message) : true,
      `${label}: simulated: a function error must publish one alert naming it`);
  }
  const flaky = run("Lambda service error once", (payload, n) => { if (n === 1) throw { Error: "Lambda.ServiceException", Cause: "" }; return answer(true); });
  if (flaky) {
    ok(flaky.status === "SUCCEEDED" && flaky.trace.invocations.length === 2, `${label}: simulated: a Lambda service error must be retried`);
  }
}

// --- The S3 events queue (issue 12, "event bursts folded") ------------------------------------------

// S3 Inventory (issue 13): the configuration delivers what delta-arc reads (CSV, the fields
// Size, LastModifiedDate and ETag, current versions, daily) where S3_INVENTORY points, the
// function may read only the reports, and S3 may deliver only for this source bucket.
function checkInventory(base, cfg, failures) {
  const ok = checker(failures);
  const locals = localsOf(cfg);
  const res = cfg.resource;
  const inventory = one(res.aws_s3_bucket_inventory?.source);
  if (!ok(inventory, "aws_s3_bucket_inventory.source (the optional S3 Inventory) missing")) return;
  ok(inventory.count === "${var.create_s3_inventory ? 1 : 0}", "the inventory must be created only with var.create_s3_inventory");
  const bucket = one(one(inventory.destination)?.bucket);
  ok(bucket?.format === "CSV", `the inventory's format must be CSV (delta-arc reads no ORC or Parquet), is ${bucket?.format}`);
  ok(bucket?.prefix === "${var.s3_inventory_prefix}" && bucket?.bucket_arn === "${local.inventory_bucket_arn}",
    "the inventory must deliver to local.inventory_bucket_arn under var.s3_inventory_prefix");
  ok(one(inventory.schedule)?.frequency === "Daily", "the inventory must be daily (a sync from a report trusts it up to a day or two)");
  ok(inventory.included_object_versions === "Current", "the inventory must list current versions");
  for (const field of ["Size", "LastModifiedDate", "ETag"]) {
    ok((inventory.optional_fields ?? []).includes(field), `the inventory must include the field ${field}, which delta-arc reads`);
  }
  ok(inventory.name === "${var.s3_inventory_id}" && inventory.bucket === "${var.s3_bucket_name}",
    "the inventory must be var.s3_inventory_id on var.s3_bucket_name");
  // AWS's layout, <prefix>/<source bucket>/<configuration id>/, is what S3_INVENTORY names.
  ok(locals.inventory_reports === "${var.s3_inventory_prefix}/${var.s3_bucket_name}/${var.s3_inventory_id}/",
    "local.inventory_reports must be <prefix>/<source bucket>/<configuration id>/ as S3 delivers them");
  ok(/^\$\{var\.s3_inventory_bucket == null \? null : "s3:\/\/\$\{var\.s3_inventory_bucket\}\/\$\{local\.inventory_reports\}"\}$/.test(text(locals.inventory_url)) &&
     locals.environment_all?.S3_INVENTORY === "${local.inventory_url}",
    "S3_INVENTORY must be s3://<s3_inventory_bucket>/<local.inventory_reports>, or null without an inventory bucket");
  const delivery = policyStatements(cfg).filter((st) => st.doc === "inventory_delivery");
  ok(delivery.length === 1, "the inventory delivery policy needs its one statement");
  for (const st of delivery) {
    const principals = (st.principals ?? []).flatMap((p) => p.identifiers ?? []);
    const cond = (variable) => (st.condition ?? []).find((c) => c.variable === variable);
    ok(text(principals) === text(["s3.amazonaws.com"]) && text(st.resources) === text(["${local.inventory_bucket_arn}/${var.s3_inventory_prefix}/*"]),
      "only s3.amazonaws.com may deliver, and only under the inventory prefix");
    ok(text(cond("aws:SourceArn")?.values) === text(["${local.source_bucket_arn}"]) && text(cond("aws:SourceAccount")?.values) === text(["${local.account_id}"]),
      "S3 may deliver only for this source bucket and account (aws:SourceArn, aws:SourceAccount)");
  }
}

function checkQueue(base, cfg, failures) {
  const ok = checker(failures);
  const locals = localsOf(cfg);
  const res = cfg.resource;
  const vars = cfg.variable;
  const varDefault = (name) => one(vars[name])?.default;

  const queue = one(res.aws_sqs_queue?.events);
  const dlq = one(res.aws_sqs_queue?.events_dlq);
  if (!ok(queue, "aws_sqs_queue.events (the S3 events queue) missing")) return;
  ok(dlq, "aws_sqs_queue.events_dlq (the dead-letter queue) missing");
  const redrive = text(queue.redrive_policy);
  ok(/deadLetterTargetArn\s*=\s*aws_sqs_queue\.events_dlq\[0\]\.arn/.test(redrive) && /maxReceiveCount\s*=\s*var\.sqs_max_receive_count/.test(redrive),
    "the events queue needs a redrive policy to the dead-letter queue (deadLetterTargetArn, maxReceiveCount = var.sqs_max_receive_count)");
  ok(queue.sqs_managed_sse_enabled === true && dlq?.sqs_managed_sse_enabled === true, "both queues must be encrypted (sqs_managed_sse_enabled)");

  // AWS: the visibility timeout at least six times the function's timeout (plus the window).
  const visibility = text(resolve(queue.visibility_timeout_seconds, locals));
  const factor = visibility.match(/(?:^|[^\w.])(\d+)\s*\*\s*var\.timeout\b/) ?? visibility.match(/var\.timeout\s*\*\s*(\d+)/);
  ok(factor && Number(factor[1]) >= 6, `the events queue's visibility timeout must be at least 6 × var.timeout, is ${visibility}`);

  // The event source: batches, batch item failures, bounded concurrency.
  const esm = one(res.aws_lambda_event_source_mapping?.events);
  if (ok(esm, "aws_lambda_event_source_mapping.events missing")) {
    ok(esm.event_source_arn === "${aws_sqs_queue.events[0].arn}", "the event source must be the events queue");
    ok(/^\$\{aws_lambda_function\.this\.(arn|function_name)\}$/.test(text(esm.function_name)), "the event source must invoke the function");
    ok(text(esm.function_response_types) === text(["ReportBatchItemFailures"]), "the event source needs function_response_types = [\"ReportBatchItemFailures\"]");
    ok(esm.batch_size === "${var.sqs_batch_size}", "batch_size must be var.sqs_batch_size");
    ok(esm.maximum_batching_window_in_seconds === "${var.sqs_batching_window_seconds}", "maximum_batching_window_in_seconds must be var.sqs_batching_window_seconds");
    const concurrency = one(esm.scaling_config)?.maximum_concurrency;
    ok(concurrency === "${var.sqs_maximum_concurrency}", "scaling_config.maximum_concurrency must be var.sqs_maximum_concurrency");
    const rule = text(one(vars.sqs_maximum_concurrency)?.validation).match(/var\.sqs_maximum_concurrency\s*>=\s*(\d+)/);
    ok(rule && Number(rule[1]) >= 2 && varDefault("sqs_maximum_concurrency") >= 2,
      "the event source's maximum concurrency must default to and be validated >= 2 (AWS's minimum)");
  }
  for (const name of ["sqs_batch_size", "sqs_batching_window_seconds", "sqs_max_receive_count"]) {
    ok(typeof varDefault(name) === "number" && one(vars[name])?.validation, `variable ${name} needs a number default and a validation`);
  }

  // The queue policy: only EventBridge, on behalf of the S3 rule, of this account.
  const policy = one(res.aws_sqs_queue_policy?.events);
  ok(policy?.queue_url === "${aws_sqs_queue.events[0].id}" && policy?.policy === "${data.aws_iam_policy_document.events_queue[0].json}",
    "aws_sqs_queue_policy.events must put data.aws_iam_policy_document.events_queue on the events queue");
  const sends = policyStatements(cfg).filter((s) => s.doc === "events_queue");
  ok(sends.length >= 1, "the events queue's policy has no statement");
  for (const st of sends) {
    const principals = (st.principals ?? []).flatMap((p) => p.identifiers ?? []);
    ok((st.effect ?? "Allow") !== "Allow" || (text(st.actions) === text(["sqs:SendMessage"]) && text(principals) === text(["events.amazonaws.com"]) &&
      text(st.resources) === text(["${aws_sqs_queue.events[0].arn}"])),
    "the events queue's policy may only let events.amazonaws.com sqs:SendMessage to the queue");
    const cond = (variable) => (st.condition ?? []).find((c) => c.variable === variable);
    ok(/^Arn(Equals|Like)$/.test(cond("aws:SourceArn")?.test ?? "") && text(cond("aws:SourceArn")?.values) === text(["${aws_cloudwatch_event_rule.s3_objects[0].arn}"]),
      "the events queue's policy needs aws:SourceArn = the S3 rule (whose pattern is the bucket's events)");
    ok(cond("aws:SourceAccount")?.test === "StringEquals" && text(cond("aws:SourceAccount")?.values) === text(["${local.account_id}"]),
      "the events queue's policy needs aws:SourceAccount = this account");
  }

  // The function polls the queue: those actions on the events queue only.
  const polls = policyStatements(cfg).filter((s) => s.doc === "function" && (s.actions ?? []).some((a) => a.startsWith("sqs:")));
  ok(polls.length === 1, "the function's role needs one statement to poll the events queue");
  for (const st of polls) {
    ok(text(st.resources) === text(["${aws_sqs_queue.events[0].arn}"]) && /s3_events_via_sqs/.test(text(st.for_each)),
      "sqs:ReceiveMessage/DeleteMessage/GetQueueAttributes only on the events queue, only when it exists");
  }
}

// Every dir: variables described and typed, references resolve to declarations.
function checkDir(dir, cfg, failures) {
  const ok = checker(failures);
  for (const [name, blocks] of Object.entries(cfg.variable)) {
    const v = one(blocks);
    ok(typeof v.description === "string" && v.description.trim().length > 0, `${dir}: variable ${name} has no description`);
    ok(v.type !== undefined, `${dir}: variable ${name} has no type`);
  }
  for (const [name, blocks] of Object.entries(cfg.output)) {
    ok(typeof one(blocks).description === "string", `${dir}: output ${name} has no description`);
  }
  const all = text({ ...cfg, variable: Object.fromEntries(Object.entries(cfg.variable).map(([k, v]) => [k, { ...one(v), description: "" }])) });
  const locals = localsOf(cfg);
  for (const [, name] of all.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_]*)/g)) ok(name in cfg.variable, `${dir}: var.${name} is not declared`);
  for (const [, name] of all.matchAll(/\blocal\.([A-Za-z_][A-Za-z0-9_]*)/g)) ok(name in locals, `${dir}: local.${name} is not defined`);
  for (const [, type, name] of all.matchAll(/(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    ok(cfg.resource[type]?.[name], `${dir}: ${type}.${name} is not declared`);
  }
  for (const [, type, name] of all.matchAll(/\bdata\.([a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    ok(cfg.data[type]?.[name], `${dir}: data.${type}.${name} is not declared`);
  }
  for (const [, name] of all.matchAll(/\bmodule\.([A-Za-z_][A-Za-z0-9_]*)/g)) ok(name in cfg.module, `${dir}: module.${name} is not declared`);
}

// The example root: uses the module correctly and its tfvars example fits.
function checkExample(base, tree, failures) {
  const ok = checker(failures);
  const ex = tree.dirs.get(EXAMPLE);
  const mod = tree.dirs.get(MODULE);
  if (!ok(ex, `${EXAMPLE} has no .tf files`) || !mod) return;
  const call = Object.values(ex.module).map(one).find((m) => m.source === "../../modules/delta-arc");
  if (!ok(call, `${EXAMPLE} must call the module with source = "../../modules/delta-arc"`)) return;
  const meta = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);
  for (const arg of Object.keys(call)) if (!meta.has(arg)) ok(arg in mod.variable, `${EXAMPLE}: module argument ${arg} is not a module variable`);
  for (const [name, blocks] of Object.entries(mod.variable)) {
    if (!("default" in one(blocks))) ok(name in call, `${EXAMPLE}: required module variable ${name} is not passed`);
  }
  ok(/atlan-delta-arc-lambda\.zip/.test(text(call.package_path ?? "")) || !("package_path" in call), `${EXAMPLE}: package_path must be the build's zip`);
  const tfvarsName = `${EXAMPLE}/production.tfvars.example`;
  const tfvars = tree.tfvars.get(tfvarsName);
  if (!ok(tfvars, `${tfvarsName} missing`)) return;
  for (const key of Object.keys(tfvars)) ok(key in ex.variable, `${tfvarsName}: ${key} is not a variable of the example`);
  for (const [name, blocks] of Object.entries(ex.variable)) {
    if (!("default" in one(blocks))) ok(name in tfvars, `${tfvarsName}: required variable ${name} is not set`);
  }
  ok(!("atlan_api_token" in tfvars), `${tfvarsName} must not carry a token`);
}

async function checkTree(base) {
  const failures = [];
  const tree = await readTree(base, failures);
  for (const [dir, cfg] of tree.dirs) checkDir(dir, cfg, failures);
  const mod = tree.dirs.get(MODULE);
  if (mod) {
    checkModule(base, mod, failures);
    checkStateMachine(base, mod, failures);
    checkQueue(base, mod, failures);
    checkInventory(base, mod, failures);
  } else failures.push(`${MODULE} has no .tf files`);
  checkExample(base, tree, failures);
  return { failures, files: tree.dirs.size };
}

// --- Self-test: each deliberate break must be caught ---------------------------------------------

const BREAKS = [
  { name: "syntax error", file: "events.tf", from: /resource "aws_lambda_permission" "schedule" \{/, to: 'resource "aws_lambda_permission" "schedule" {{', expect: /parse error/ },
  { name: "ListBucket on bucket/*", file: "iam.tf", from: /resources = \[local\.source_bucket_arn\]/, to: 'resources = ["${local.source_bucket_arn}/*"]', expect: /ListBucket must be on the bucket ARN/ },
  { name: "ListBucket without prefix condition", file: "iam.tf", from: /variable = "s3:prefix"\n(\s*)values   = \["\$\{var\.s3_prefix\}\*"\]/, to: 'variable = "s3:delimiter"\n$1values   = ["/"]', expect: /needs an s3:prefix condition/ },
  { name: "wildcard action", file: "iam.tf", from: /actions   = \["s3:GetObject"\]/, to: 'actions   = ["s3:Get*"]', expect: /wildcard action/ },
  { name: "GetObject on the whole bucket", file: "iam.tf", from: /resources = \["\$\{local\.source_bucket_arn\}\/\$\{var\.s3_prefix\}\*"\]/, to: 'resources = ["${local.source_bucket_arn}/*"]', expect: /GetObject/ },
  { name: "Resource *", file: "iam.tf", from: /resources = \[local\.alert_topic_arn\]/, to: 'resources = ["*"]', expect: /Resource "\*"/ },
  { name: "CreateLogGroup", file: "iam.tf", from: /\["logs:CreateLogStream", "logs:PutLogEvents"\]/, to: '["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]', expect: /does not use: logs:CreateLogGroup/ },
  { name: "runtime", file: "main.tf", from: /runtime\s*= "provided\.al2023"/, to: 'runtime = "python3.12"', expect: /provided\.al2023/ },
  { name: "handler", file: "main.tf", from: /handler\s*= "bootstrap"/, to: 'handler = "index.handler"', expect: /handler must be bootstrap/ },
  { name: "unknown env var", file: "main.tf", from: /LOG_FORMAT(\s*)= "json"/, to: 'LOG_FORMAT$1= "json"\n    API_TOKEN = "plain"', expect: /not in DESIGN\.md §3: API_TOKEN/ },
  { name: "AWS keys in env", file: "main.tf", from: /LOG_FORMAT(\s*)= "json"/, to: 'LOG_FORMAT$1= "json"\n    AWS_SECRET_ACCESS_KEY = "plain"', expect: /not in DESIGN\.md §3: AWS_SECRET_ACCESS_KEY/ },
  { name: "timeout above 900", file: "variables.tf", from: /var\.timeout <= 900/, to: "var.timeout <= 1000", expect: /validated <= 900/ },
  { name: "variable without description", file: "variables.tf", from: /description = "LOG_LEVEL of the function[^"]*"/, to: "", expect: /variable log_level has no description/ },
  { name: "schedule default", file: "variables.tf", from: /default     = "cron\(0 2 \* \* \? \*\)"/, to: 'default     = "rate(1 hour)"', expect: /cron\(0 2/ },
  { name: "schedule input", file: "main.tf", from: /trigger       = "scheduled"/, to: 'trigger       = "manual"', expect: /schedule input/ },
  { name: "S3 rule detail-type", file: "events.tf", from: /\["Object Created"\]/, to: '["Object Restore Completed"]', expect: /Object Created/ },
  { name: "S3 rule without prefix", file: "events.tf", from: /key = \[\{ prefix = var\.s3_prefix \}\]/, to: 'key = [{ exists = true }]', expect: /by prefix/ },
  { name: "route rule without prefix", file: "events.tf", from: /key = \[\{ prefix = r\.s3_prefix \}\]/, to: 'key = [{ exists = true }]', expect: /each route's bucket by name and its keys by prefix/ },
  { name: "route GetObject on the whole bucket", file: "iam.tf", from: /s3:::\$\{statement\.value\.s3_bucket_name\}\/\$\{statement\.value\.s3_prefix\}\*/, to: 's3:::${statement.value.s3_bucket_name}/*', expect: /GetObject/ },
  { name: "route ListBucket without prefix condition", file: "iam.tf", from: /values   = \["\$\{statement\.value\.s3_prefix\}\*"\]/, to: 'values   = ["*"]', expect: /needs an s3:prefix condition/ },
  { name: "no TagGaps alarm", file: "alarms.tf", from: /metric_name         = "TagGaps"/, to: 'metric_name         = "AssetsArchived"', expect: /TagGaps missing/ },
  { name: "no PipelineSucceeded alarm", file: "alarms.tf", from: /metric_name         = "PipelineSucceeded"/, to: 'metric_name         = "S3ObjectsCreated"', expect: /PipelineSucceeded/ },
  { name: "objects unregistered at the object level", file: "main.tf", from: /var\.s3_register_objects \|\| var\.s3_lineage_level == "prefix"/, to: "true", expect: /s3_register_objects = false at the object level/ },
  { name: "unknown lineage level", file: "variables.tf", from: /contains\(\["object", "prefix"\], var\.s3_lineage_level\)/, to: 'contains(["object", "prefix", "bucket"], var.s3_lineage_level) || true', expect: /validated to object \| prefix/ },
  { name: "inventory in Parquet", file: "inventory.tf", from: /format     = "CSV"/, to: 'format     = "Parquet"', expect: /format must be CSV/ },
  { name: "inventory without ETag", file: "inventory.tf", from: /"LastModifiedDate", "ETag", "StorageClass"/, to: '"LastModifiedDate", "StorageClass"', expect: /the field ETag/ },
  { name: "inventory delivery from any bucket", file: "inventory.tf", from: /values   = \[local\.source_bucket_arn\]/, to: 'values   = ["arn:aws:s3:::*"]', expect: /only for this source bucket/ },
  { name: "S3_INVENTORY not wired", file: "main.tf", from: /\n\s*S3_INVENTORY\s*= local\.inventory_url/, to: "", expect: /S3_INVENTORY must be/ },
  { name: "inventory reports read anywhere", file: "iam.tf", from: /resources = \["\$\{local\.inventory_bucket_arn\}\/\$\{local\.inventory_reports\}\*"\]/, to: 'resources = ["${local.inventory_bucket_arn}/*"]', expect: /GetObject must be limited/ },
  { name: "no shared Atlan budget", file: "main.tf", from: /var\.atlan_requests_per_minute \* local\.runs_at_once <= 400/, to: "true", expect: /within Atlan's 400 a minute/ },
  { name: "throttling alarm on one period", file: "alarms.tf", from: /evaluation_periods  = 3\n  datapoints_to_alarm = 3/, to: "evaluation_periods  = 1\n  datapoints_to_alarm = 1", expect: /sustained throttling/ },
  { name: "missing data not breaching", file: "alarms.tf", from: /treat_missing_data  = "breaching"/, to: 'treat_missing_data  = "notBreaching"', expect: /missing data as breaching/ },
  { name: "permission without rule", file: "events.tf", from: /source_arn    = aws_cloudwatch_event_rule\.schedule\[0\]\.arn/, to: "source_arn    = null", expect: /needs an aws_lambda_permission/ },
  { name: "undeclared variable", file: "logs.tf", from: /var\.log_retention_days/, to: "var.log_retention", expect: /var\.log_retention is not declared/ },
  // The state machine (issue 12).
  { name: "state machine invokes any function", file: "state_machine.tf", from: /resources = \[aws_lambda_function\.this\.arn\]/, to: 'resources = ["arn:aws:lambda:*:*:function:*"]', expect: /lambda:InvokeFunction only on the function/ },
  { name: "state machine role does more", file: "state_machine.tf", from: /actions   = \["lambda:InvokeFunction"\]/, to: 'actions   = ["lambda:InvokeFunction", "lambda:UpdateFunctionCode"]', expect: /does not use: lambda:UpdateFunctionCode/ },
  { name: "state machine publishes anywhere", file: "state_machine.tf", from: /sid       = "PublishFailureAlerts"\n(\s*)effect    = "Allow"\n(\s*)actions   = \["sns:Publish"\]\n(\s*)resources = \[local\.alert_topic_arn\]/, to: 'sid       = "PublishFailureAlerts"\n$1effect    = "Allow"\n$2actions   = ["sns:Publish"]\n$3resources = ["arn:aws:sns:*:*:*"]', expect: /state machine's sns:Publish only on the alert topic/ },
  { name: "schedule role starts any state machine", file: "state_machine.tf", from: /resources = \[aws_sfn_state_machine\.this\[0\]\.arn\]/, to: 'resources = ["arn:aws:states:*:*:stateMachine:*"]', expect: /states:StartExecution only on the state machine/ },
  { name: "express state machine", file: "state_machine.tf", from: /type       = "STANDARD"/, to: 'type       = "EXPRESS"', expect: /must be STANDARD/ },
  { name: "schedule bypasses the state machine", file: "events.tf", from: /arn       = aws_sfn_state_machine\.this\[0\]\.arn/, to: "arn       = aws_lambda_function.this.arn", expect: /schedule must start the state machine/ },
  { name: "invalid ASL (transition to no state)", file: "state_machine.asl.json.tftpl", from: /"Default": "Continue"/, to: '"Default": "Continu"', expect: /asl-validator rejects/ },
  { name: "no loop bound", file: "state_machine.asl.json.tftpl", from: /"NumericGreaterThanEquals": \$\{max_iterations\}/, to: '"NumericGreaterThanEquals": 1000000', expect: /no loop bound/ },
  { name: "loop that does not count", file: "state_machine.asl.json.tftpl", from: /"iteration\.\$": "States\.MathAdd\(\$\.iteration, 1\)"/, to: '"iteration.$": "$.iteration"', expect: /count the iteration/ },
  { name: "no Catch", file: "state_machine.asl.json.tftpl", from: /"Catch": \[\n\s*\{\n\s*"ErrorEquals": \["States\.ALL"\],\n\s*"ResultPath": "\$\.error",\n\s*"Next": "\$\{failure_state\}"\n\s*\}\n\s*\],\n/, to: "", expect: /must Catch States\.ALL/ },
  { name: "no Retry", file: "state_machine.asl.json.tftpl", from: /"Lambda\.ServiceException", "Lambda\.AWSLambdaException", "Lambda\.SdkClientException", "Lambda\.TooManyRequestsException"/, to: '"Throttled"', expect: /Retry Lambda's service errors/ },
  { name: "failures not alerted", file: "state_machine.tf", from: /failure_state        = local\.alerts_enabled \? "Notify failure" : "Failed"/, to: 'failure_state        = local.alerts_enabled ? "Failed" : "Failed"', expect: /publish to the alert topic, then end in a Fail/ },
  { name: "loop on something else", file: "state_machine.asl.json.tftpl", from: /"\$\.run\.answer\.result\.complete", "BooleanEquals": false/, to: '"$.run.answer.result.created", "NumericEquals": 0', expect: /test the answer's result\.complete/ },
  { name: "template variable unused", file: "state_machine.tf", from: /(\n\s*)function_arn         = aws_lambda_function\.this\.arn/, to: "$1function_arn         = aws_lambda_function.this.arn$1unused_value         = 1", expect: /passes unused_value, which the state machine template never uses/ },
  { name: "answer read from the wrong place", file: "state_machine.asl.json.tftpl", from: /"answer\.\$": "States\.StringToJson\(\$\.Payload\.body\)"/, to: '"answer.$": "$.Payload"', expect: /simulated: a sync complete on the third invocation/ },
  { name: "continuation refreshes again", file: "state_machine.asl.json.tftpl", from: /"force_refresh": false/, to: '"force_refresh.$": "$.event.force_refresh"', expect: /continuation must send the same trigger with force_refresh false/ },
  // The S3 events queue (issue 12).
  { name: "no dead-letter queue", file: "queue.tf", from: /redrive_policy = jsonencode\(\{[^)]*\}\)\n/, to: "", expect: /redrive policy to the dead-letter queue/ },
  { name: "visibility timeout below 6x", file: "queue.tf", from: /= 6 \* var\.timeout \+/, to: "= 2 * var.timeout +", expect: /visibility timeout must be at least 6/ },
  { name: "maximum concurrency 1 allowed", file: "variables.tf", from: /var\.sqs_maximum_concurrency >= 2/, to: "var.sqs_maximum_concurrency >= 1", expect: /maximum concurrency must default to and be validated >= 2/ },
  { name: "unbounded concurrency", file: "queue.tf", from: /maximum_concurrency = var\.sqs_maximum_concurrency/, to: "maximum_concurrency = 1000", expect: /maximum_concurrency must be var\.sqs_maximum_concurrency/ },
  { name: "no batch item failures", file: "queue.tf", from: /function_response_types            = \["ReportBatchItemFailures"\]/, to: "function_response_types            = []", expect: /ReportBatchItemFailures/ },
  { name: "queue open to any rule", file: "queue.tf", from: /test     = "ArnEquals"\n(\s*)variable = "aws:SourceArn"/, to: 'test     = "ArnLike"\n$1variable = "aws:SourceArnX"', expect: /aws:SourceArn = the S3 rule/ },
  { name: "queue open to any account", file: "queue.tf", from: /variable = "aws:SourceAccount"/, to: 'variable = "aws:PrincipalAccount"', expect: /aws:SourceAccount = this account/ },
  { name: "queue open to anyone", file: "queue.tf", from: /identifiers = \["events\.amazonaws\.com"\]/, to: 'identifiers = ["*"]', expect: /only let events\.amazonaws\.com sqs:SendMessage/ },
  { name: "function polls any queue", file: "iam.tf", from: /resources = \[aws_sqs_queue\.events\[0\]\.arn\]/, to: 'resources = ["arn:aws:sqs:*:*:*"]', expect: /only on the events queue/ },
  { name: "function may purge the queue", file: "iam.tf", from: /"sqs:GetQueueAttributes"\]/, to: '"sqs:GetQueueAttributes", "sqs:PurgeQueue"]', expect: /does not use: sqs:PurgeQueue/ },
  { name: "public cache bucket", file: "cache_bucket.tf", from: /restrict_public_buckets = true/, to: "restrict_public_buckets = false", expect: /block all public access/ },
];

async function runSelfTest() {
  const failures = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "delta-arc-tf-"));
  try {
    for (const brk of BREAKS) {
      const copy = path.join(tmp, brk.name.replace(/[^a-z0-9]+/gi, "-"));
      fs.cpSync(path.join(root, "terraform"), path.join(copy, "terraform"), { recursive: true });
      const file = path.join(copy, MODULE, brk.file);
      const before = fs.readFileSync(file, "utf8");
      if (!brk.from.test(before)) { failures.push(`self-test "${brk.name}": ${brk.from} no longer matches ${brk.file}; update the break`); continue; }
      fs.writeFileSync(file, before.replace(brk.from, brk.to));
      const { failures: found } = await checkTree(copy);
      if (!found.some((f) => brk.expect.test(f))) {
        failures.push(`self-test "${brk.name}": the broken copy was not caught (expected ${brk.expect}); got: ${found.join(" | ") || "no failures"}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failures;
}

// --- Main ---------------------------------------------------------------------------------------

const { failures, files } = await checkTree(root);
if (failures.length > 0) {
  console.error(`check_terraform: ${failures.length} problem(s) in ${root}/terraform:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`check_terraform: ${files} Terraform directories parse and pass the wiring and least-privilege checks`);

if (selfTest) {
  const selfFailures = await runSelfTest();
  if (selfFailures.length > 0) {
    console.error(`check_terraform: self-test failed:`);
    for (const f of selfFailures) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.log(`check_terraform: self-test: all ${BREAKS.length} deliberately broken copies were caught`);
}
