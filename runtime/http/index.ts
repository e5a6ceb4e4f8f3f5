/**
 * `logcrest/http`: every HTTP request a flow (README: HTTP). Imports no framework: apps are
 * recognised by their shape, and only Node built-ins are used.
 */
// Installs the pipeline builder, so an app that imports only `logcrest/http` still writes
// its flows with the configured (or default) outputs.
import "../lifecycle";
export { instrument, detectApp } from "./instrument";
export type { AppKind } from "./instrument";
export { middleware } from "./connect";
export type { ConnectMiddleware, NextFunction } from "./connect";
export { wrapListener } from "./listener";
export { wrapFetch } from "./fetch";
export type { AbortSignalLike, FetchHandler, FetchRequestLike, FetchResponseLike } from "./fetch";
export type { HttpOptions, SkipRule } from "./options";
export type { NodeListener, NodeRequestLike, NodeResponseLike } from "./node-types";
export { CLIENT_CLOSED_REQUEST } from "./request-flow";
