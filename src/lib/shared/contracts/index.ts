// The API's contracts, one module per concern; `routes` names every route with its schemas.
export * as common from './common.js';
export * as dedupe from './dedupe.js';
export * as delta from './delta.js';
export * as jobs from './jobs.js';
export * as loader from './loader.js';
export * as mapping from './mapping.js';
export * as notebook from './notebook.js';
export * as profile from './profile.js';
export * as recipes from './recipes.js';
export * as workspaces from './workspaces.js';
export { routes, routeFor, pathOf, type Route, type RouteName, type AnswerOf, type BodyOf, type QueryOf, type Method } from './routes.js';
