module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'deals',
  rootDir: __dirname,
};
