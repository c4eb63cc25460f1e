/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Transpiled file by file (`isolatedModules`): `npm run build` type-checks test/ with
    // tsconfig.json already, and a type-checking ts-jest keeps every file's program in memory.
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  testTimeout: 30000,
  // One test file at a time: the end-to-end files share the machine's two cores and its Pulumi
  // CLI. The worker is replaced when its heap passes 2 GB after a file; the memory the files
  // leave behind is mostly outside the heap, so scripts/test.sh also runs each folder apart.
  maxWorkers: 1,
  workerIdleMemoryLimit: "2GB",
  setupFiles: ["<rootDir>/test/helpers/journal-per-test-file.ts"],
};
