export { castData } from './cast-data.js';
