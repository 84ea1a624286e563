// One import site for every credential.
export * from "./exa.js";
export { zendesk } from "./zendesk";
export { default as openai } from "./openai";
export * from "./slack";
export { linear as linearApi, github } from "./linear";
