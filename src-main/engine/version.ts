export const ENGINE_VERSION = '0.7.1';
