// htm bound to Preact: the one way markup is written, on the server, in islands and in widgets.
export { html } from "htm/preact";
