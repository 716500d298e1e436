export * from './common.ts';
export * from './project.ts';
export * from './evaluation.ts';
export * from './derived.ts';
export * from './report.ts';
