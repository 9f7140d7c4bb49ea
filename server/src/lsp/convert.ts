/** Findings as LSP objects: diagnostics (diagnostic.ts), ranges, and code actions. */
export { findingToDiagnostic } from './diagnostic';
export { DIAGNOSTIC_SOURCE, rangeOf, type DiagnosticData } from './ranges';
export { codeActionsFor } from './code-actions';
