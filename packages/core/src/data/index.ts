export { isJsonObject, type JsonObject, type JsonValue } from './json.js';
