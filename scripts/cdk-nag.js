#!/usr/bin/env node
// Runs cdk-nag's AwsSolutions pack over synthesized CloudFormation templates. The NuGet package is not served, so the
// npm package reads the templates through aws-cdk-lib's CfnInclude. A resource acknowledges a finding with
// CloudFormation metadata {"cdk_nag": {"rules_to_suppress": [{"id", "reason", "applies_to"?}]}} (cdk-nag v2's format),
// turned here into cdk-nag v3 acknowledgements (`Id[AppliesTo]` per entry of applies_to).
// Prints one JSON line per unacknowledged finding and exits 1 when there is any, 0 when there is none.
// Usage: node scripts/cdk-nag.js <template.json>...
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, DefaultStackSynthesizer, Stack, Validations } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');

const templates = process.argv.slice(2);
if (templates.length === 0) {
  console.error('usage: node scripts/cdk-nag.js <template.json>...');
  process.exit(2);
}

function acknowledge(scope, metadata, where) {
  for (const rule of metadata?.cdk_nag?.rules_to_suppress ?? []) {
    if (!rule.reason || rule.reason.length < 20) {
      throw new Error(`${where}: ${rule.id} is acknowledged without a reason`);
    }
    const ids = rule.applies_to?.length ? rule.applies_to.map((finding) => `AwsSolutions::${rule.id}[${finding}]`) : [`AwsSolutions::${rule.id}`];
    for (const id of ids) {
      Validations.of(scope).acknowledge({ id, reason: rule.reason });
    }
  }
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtconaws-cdk-nag-'));
try {
  const app = new App({ outdir });
  for (const file of templates) {
    // The templates carry their own bootstrap-version parameter and rule.
    const stack = new Stack(app, path.basename(file, '.template.json').replace(/[^A-Za-z0-9-]/g, '-'), {
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    const included = new CfnInclude(stack, 'Template', { templateFile: file });
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    // Stack-level acknowledgements live in the template's own Metadata (as cdk-nag v2 wrote them).
    acknowledge(stack, template.Metadata, `${file} (stack)`);
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      acknowledge(included.getResource(logicalId), resource.Metadata, `${file} ${logicalId}`);
    }
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    // Synth fails on violations after writing the report; anything else is a real error.
    if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) {
      throw error;
    }
    if (process.env.RTCONAWS_NAG_KEEP) {
      fs.copyFileSync(path.join(outdir, 'validation-report.json'), process.env.RTCONAWS_NAG_KEEP);
    }
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  let findings = 0;
  for (const plugin of (report.pluginReports ?? []).filter((p) => p.pluginName === 'AwsSolutions')) {
    for (const violation of plugin.violations ?? []) {
      for (const resource of violation.violatingResources ?? violation.violatingConstructs ?? []) {
        findings++;
        console.log(JSON.stringify({ rule: violation.ruleName, resource: resource.resourceLogicalId ?? resource.constructPath, template: resource.templatePath ? path.basename(resource.templatePath) : undefined, description: String(violation.description ?? '').split('\n')[0] }));
      }
    }
  }
  process.exitCode = findings > 0 ? 1 : 0;
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
