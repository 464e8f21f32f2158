// Real-browser test: JupyterLab (started by ./course lab) in headless Debian Chromium opens
// 00-setup.ipynb, runs every cell through the UI, and checks that the outputs appear: the
// environment report table, the tensor result, the chart, and no error or stderr output.
//
//   node setup-notebook.test.mjs URL OUT_DIR
//
// URL is the one ./course lab prints (http://127.0.0.1:PORT/lab?token=...). Exit status 0 on
// success; the screenshot is written to OUT_DIR either way.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.log('usage: node setup-notebook.test.mjs URL OUT_DIR');
  process.exit(2);
}
const NOTEBOOK = '00-setup.ipynb';
const RUN_TIMEOUT_MS = Number(process.env.BROWSER_TEST_TIMEOUT_S || 240) * 1000;
mkdirSync(outDir, { recursive: true });

const target = new URL(url);
const token = target.searchParams.get('token');
const notebookUrl = `${target.origin}/lab/tree/${NOTEBOOK}?token=${token}`;

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`    ok   ${message}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
const consoleErrors = [];
page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));

let failure = null;
try {
  console.log(`    open ${target.origin}/lab/tree/${NOTEBOOK}`);
  await page.goto(notebookUrl, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  const notebook = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  await notebook.waitFor({ state: 'visible', timeout: 90_000 });
  check(true, 'JupyterLab opened the notebook');

  // The kernel must be up before "Run All" is useful: the toolbar shows its name once chosen,
  // and the status indicator reads "Idle" once started.
  await page.locator('.jp-NotebookPanel-toolbar .jp-KernelName', { hasText: 'Java' })
    .waitFor({ timeout: 90_000 });
  check(true, 'the course kernel was selected');

  // The status bar reads "<kernel> | Idle" once the kernel has started and answered; a "Run All"
  // sent before that can be dropped by JupyterLab (seen once on a loaded machine: every cell
  // stayed "[ ]" for four minutes with the kernel idle).
  await page.waitForFunction(
    () => /\|\s*Idle\b/.test(document.querySelector('.jp-StatusBar-Widget')?.innerText ?? ''),
    null,
    { timeout: 180_000, polling: 500 },
  );
  const started = () => page.waitForFunction(
    () => [...document.querySelectorAll(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')]
      .some((p) => /\[(\*|\d+)\]/.test(p.textContent)),
    null,
    { timeout: 60_000, polling: 500 },
  ).then(() => true, () => false);
  let ran = false;
  for (let attempt = 1; attempt <= 2 && !ran; attempt++) {
    await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-item:visible', { hasText: /^Run All Cells/ }).first().click();
    console.log(`    run  Run → Run All Cells${attempt > 1 ? ' (again: nothing had started)' : ''}`);
    ran = await started();
  }
  check(ran, 'Run All Cells started the cells');

  // Done when every code cell shows an execution count ("[3]:"), none a star ("[*]:").
  await page.waitForFunction(
    () => {
      const prompts = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
      return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p.textContent));
    },
    null,
    { timeout: RUN_TIMEOUT_MS, polling: 500 },
  );
  check(true, 'every code cell ran');

  const errors = await notebook.locator(
    '[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type*="error"]').count();
  check(errors === 0, `no error or stderr output (found ${errors})`);

  const report = notebook.locator('table.course-doctor');
  await report.waitFor({ state: 'visible', timeout: 10_000 });
  const reportText = await report.innerText();
  check(/PyTorch/.test(reportText), 'the environment report names the PyTorch engine');
  check(await report.locator('tr[data-status="failed"]').count() === 0, 'the report shows nothing broken');

  const outputs = await notebook.locator('.jp-OutputArea-output').allInnerTexts();
  check(outputs.some((t) => /50\./.test(t) && /14\./.test(t)), 'the tensor product [[5, 14], [14, 50]] appears');

  // JupyterLab renders cells lazily: bring the last one into view before looking for its chart.
  await notebook.locator('.jp-CodeCell').last().scrollIntoViewIfNeeded();
  const chart = notebook.locator('.js-plotly-plot .main-svg').first();
  await chart.waitFor({ state: 'visible', timeout: 30_000 });
  const box = await chart.boundingBox();
  check(box && box.width > 100 && box.height > 100, `the chart is drawn (${Math.round(box?.width)}×${Math.round(box?.height)} px)`);
  const traces = await notebook.locator('.js-plotly-plot .scatterlayer .trace').count();
  check(traces === 1, `the chart has its line (${traces} trace)`);
  // Drawn by JupyterLab's plotly renderer from the chart's plotly JSON: the kit sent no HTML chart
  // (and so no plotly.js), and the static SVG fallback is not what is shown.
  const kitHtml = await notebook.locator('.resnetcourse-chart').count();
  const staticSvg = await notebook.locator('svg.resnetcourse-static-chart, img[src^="data:image/svg"]').count();
  check(kitHtml === 0 && staticSvg === 0,
    `JupyterLab's plotly renderer drew it from application/vnd.plotly.v1+json (kit HTML ${kitHtml}, static SVG ${staticSvg})`);
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(outDir, '00-setup-chart.png') });
} catch (e) {
  failure = e;
} finally {
  const shot = join(outDir, '00-setup.png');
  await page.locator('.jp-Notebook .jp-Cell').first().scrollIntoViewIfNeeded().catch(() => {});
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  console.log(`    screenshot ${shot}`);
  await browser.close();
}
if (consoleErrors.length) {
  console.log(`    note: ${consoleErrors.length} browser console error(s), first: ${consoleErrors[0].slice(0, 200)}`);
}
if (failure) {
  console.log(`    FAIL ${failure.message.split('\n')[0]}`);
  process.exit(1);
}
console.log('    PASS browser test');
