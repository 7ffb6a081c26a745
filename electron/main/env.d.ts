// electron-vite's import suffixes for the main process (`?asset` gives a file path at run time).
/// <reference types="electron-vite/node" />
