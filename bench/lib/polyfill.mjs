// aws-local-stepfunctions 3.x calls Promise.withResolvers (Node 22+) for every Task state; on
// Node 20 its Tasks fail without it. Imported by the bench processes only, before the peer loads:
// statefold itself needs no polyfill.

if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
