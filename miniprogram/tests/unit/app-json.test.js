// Every page app.json names exists with its four files, and has a page test that renders it.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
const pages = app.pages.concat(...app.subPackages.map((p) => p.pages.map((page) => `${p.root}/${page}`)));
const pageTests = fs.readdirSync(path.join(ROOT, 'tests/pages')).map((f) => fs.readFileSync(path.join(ROOT, 'tests/pages', f), 'utf8')).join('\n');

test.each(pages)('%s exists and is rendered by a page test', (page) => {
  for (const ext of ['js', 'json', 'wxml', 'wxss']) {
    expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true);
  }
  expect(pageTests).toContain(`renderPage('${page.replace(/\/index$/, '')}')`);
});

test('tab bar pages are in the main package', () => {
  for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath);
});

test('project.config.json uses the placeholder appid and names the mini-program root', () => {
  const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));
  expect(project.appid).toBe('touristappid');
  expect(project.miniprogramRoot).toBe('./');
});

test('location is declared for the privacy check (附近的服务站, 设置服务站位置)', () => {
  expect(app.requiredPrivateInfos).toEqual(expect.arrayContaining(['getLocation', 'chooseLocation']));
  expect(app.permission['scope.userLocation'].desc).toContain('附近');
});

test('every tab has an icon in both states, and the files exist', () => {
  for (const tab of app.tabBar.list) {
    for (const key of ['iconPath', 'selectedIconPath']) {
      expect(tab[key]).toMatch(/^images\/tab\/.+\.png$/);
      expect(fs.existsSync(path.join(ROOT, tab[key]))).toBe(true);
    }
  }
});
