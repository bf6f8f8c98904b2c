// The development transform (tests) imports this name; the runtime is the same.
export * from './jsx-runtime';
