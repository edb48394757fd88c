// The answer layer scopes questions with the one resolver search uses.
export { facetsOf, resolveScope, type DocFacets, type DocRef, type Scope } from '../search/scope.ts';
