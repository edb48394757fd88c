export * from './answer.ts';
export * from './document.ts';
export * from './chunk.ts';
export * from './slack.ts';
export * from './calc.ts';
