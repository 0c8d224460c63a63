// Renders pages with miniprogram-simulate.
//
// TDesign components are replaced by light test doubles registered under the very ids the
// pages' usingComponents name ("tdesign-miniprogram/button/button"): miniprogram-simulate keeps
// a usingComponents value it cannot find on disk as a component id, so each page gets the
// double without any per-test mapping. We chose doubles over loading the package's source from
// node_modules because TDesign's components are ES modules with behaviours, relations and
// calls into wx APIs (getSystemInfo, SelectorQuery, canvas for t-qrcode) that the simulator
// does not provide or provides only in part; the doubles keep each page test about the page.
// A double renders its text properties and its slots and passes taps and change events
// through to the page's handlers, like the real component does.
const path = require('path');
const simulate = require('miniprogram-simulate');

const ROOT = path.resolve(__dirname, '../..');

const DOUBLES = {
  button: ['content', 'disabled', 'loading', 'theme', 'size', 'variant', 'block', 'icon', 'openType'],
  cell: ['title', 'note', 'description', 'arrow', 'hover', 'leftIcon', 'url'],
  'cell-group': ['title', 'theme', 'bordered'],
  tag: ['theme', 'variant', 'size'],
  empty: ['description', 'icon', 'image'],
  loading: ['text', 'theme', 'size'],
  input: ['label', 'value', 'placeholder', 'type', 'maxlength', 'disabled', 'clearable', 'tips', 'status', 'align'],
  textarea: ['label', 'value', 'placeholder', 'maxlength', 'disabled', 'autosize', 'indicator'],
  qrcode: ['value', 'size', 'level', 'status', 'color', 'bgColor', 'borderless', 'icon', 'iconSize'],
  divider: ['content'],
  'radio-group': ['value', 'options'],
  navbar: ['title', 'leftArrow'],
  notice: ['content'],
  icon: ['name', 'size', 'color', 'prefix'],
};

let registered = false;
function registerTDesignDoubles() {
  if (registered) return;
  registered = true;
  for (const [name, props] of Object.entries(DOUBLES)) {
    const properties = {};
    props.forEach((p) => { properties[p] = { type: null, value: '' }; });
    const shown = props.filter((p) => ['content', 'title', 'note', 'description', 'text', 'label', 'value', 'tips'].includes(p));
    simulate.load({
      id: `tdesign-miniprogram/${name}/${name}`,
      tagName: `t-${name}`,
      template: `<view class="td td-${name}">${shown.map((p) => `<text class="td-${p}">{{${p}}}</text>`).join('')}<slot name="left-icon"/><slot name="description"/><slot name="note"/><slot/></view>`,
      options: { multipleSlots: true },
      properties,
    });
  }
}

registerTDesignDoubles();

/**
 * Load and attach a page (e.g. 'pages/home/index'); the page's own onLoad is not called.
 * miniprogram-simulate runs each component's js with require() to catch its Component() call,
 * and Jest's module registry would run a file only once per test file, so the registry is
 * reset before every load.
 */
function renderPage(pagePath) {
  jest.resetModules();
  const id = simulate.load(path.join(ROOT, pagePath, 'index'), { rootPath: ROOT, compiler: 'simulate' });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

/** Let pending promises and simulated events settle. */
async function flush(times = 8) {
  for (let i = 0; i < times; i += 1) {
    // eslint-disable-next-line no-await-in-loop
    await simulate.sleep(0);
  }
}

// 'state-view >>> .state-retry' reaches into a nested component's own tree.
function query(page, selector) {
  return selector.split('>>>').map((s) => s.trim()).reduce((el, part) => (el ? el.querySelector(part) : null), page);
}

function find(page, selector) {
  const el = query(page, selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}

/** Tap the element matching selector and wait for what it starts. */
async function tap(page, selector) {
  find(page, selector).dispatchEvent('tap');
  await flush();
}

/** Type into an input-like element (native input or t-input double): fires input and change. */
async function type(page, selector, value) {
  const el = find(page, selector);
  el.dispatchEvent('input', { detail: { value } });
  el.dispatchEvent('change', { detail: { value } });
  await flush();
}

function text(page, selector) {
  const el = query(page, selector);
  return el ? el.dom.textContent.replace(/\s+/g, ' ').trim() : null;
}

module.exports = { renderPage, flush, tap, type, text, find, query, ROOT };
