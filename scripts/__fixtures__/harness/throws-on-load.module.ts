export const value: number = (() => {
  throw new Error('this module cannot be loaded');
})();
