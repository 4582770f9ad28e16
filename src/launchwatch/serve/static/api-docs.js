// Starts Swagger UI on /api/docs over this server's OpenAPI document. A file, not an inline
// script, as the content security policy allows scripts from this server only.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: document.getElementById("swagger-ui").dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // the default validator badge would call validator.swagger.io
    defaultModelsExpandDepth: 0,
  });
});
