module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'partners',
  rootDir: __dirname,
};
