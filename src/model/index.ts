export * from './answer.ts';
export * from './document.ts';
