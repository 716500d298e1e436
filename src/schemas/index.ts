export * from './common.ts';
export * from './project.ts';
export * from './rs-extras.ts';
export * from './evaluation.ts';
export * from './derived.ts';
export * from './report.ts';
export * from './source-text.ts';
export * from './parse.ts';
