import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const ctx = await b.newContext({ javaScriptEnabled: false, bypassCSP: true });
const p = await ctx.newPage();
await p.setContent('<html lang="en"><head><title>x</title></head><body><main><h1>Hi</h1><img src="x.png"><script>document.title="JS RAN"</script></main></body></html>');
console.log('title', await p.title());
try { console.log('eval', await p.evaluate(() => 1 + 1)); } catch (e) { console.log('eval failed', e.message); }
try { await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') }); console.log('axe via tag', await p.evaluate(() => typeof window.axe)); } catch (e) { console.log('tag failed', e.message); }
try { await p.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')); console.log('axe via eval', await p.evaluate(() => typeof window.axe)); 
  const r = await p.evaluate(() => axe.run(document).then(r => r.violations.map(v => v.id))); console.log(r);
} catch (e) { console.log('eval axe failed', e.message); }
await b.close();
