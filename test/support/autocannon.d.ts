// autocannon ships no type declarations; the tests type the part they use where they use it.
declare module 'autocannon';
