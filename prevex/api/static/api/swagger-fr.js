// Swagger UI has no French: its fixed labels are replaced as it draws them (text nodes
// and button titles), so the API documentation reads in French like the rest of prevex.
(function () {
  "use strict";
  var LABELS = {
    "Try it out ": "Essayer ",
    "Try it out": "Essayer",
    "Cancel": "Annuler",
    "Execute": "Exécuter",
    "Clear": "Effacer",
    "Authorize": "S'authentifier",
    "Authorized": "Authentifié",
    "Available authorizations": "Authentifications disponibles",
    "Close": "Fermer",
    "Logout": "Se déconnecter",
    "Parameters": "Paramètres",
    "Name": "Nom",
    "Request body": "Corps de la requête",
    "required": "obligatoire",
    "Responses": "Réponses",
    "Response content type": "Type de contenu de la réponse",
    "Links": "Liens",
    "No links": "Aucun lien",
    "Example Value": "Exemple",
    "Edit Value": "Modifier",
    "Examples: ": "Exemples : ",
    "Schema": "Schéma",
    "Schemas": "Schémas",
    "Media type": "Type de contenu",
    "Servers": "Serveurs",
    "Download": "Télécharger",
    "Request URL": "URL de la requête",
    "Request duration": "Durée de la requête",
    "Server response": "Réponse du serveur",
    "Response body": "Corps de la réponse",
    "Response headers": "En-têtes de la réponse",
    "Details": "Détails",
    "Curl": "Commande curl",
    "Loading...": "Chargement…",
    "No parameters": "Aucun paramètre",
    "Expand all": "Tout déplier",
    "Collapse all": "Tout replier",
    "Value": "Valeur",
    "Undocumented": "Non documenté",
    "Example": "Exemple",
    "Filter by tag": "Filtrer par étiquette",
    "Please correct the following validation errors and try again.":
      "Corrigez les erreurs ci-dessous puis réessayez.",
    "Required field is not provided": "Champ obligatoire non renseigné",
  };
  var TITLES = {
    "Copy to clipboard": "Copier",
    "authorization button unlocked": "Authentification",
    "authorization button locked": "Authentifié",
  };

  function translateText(node) {
    var text = node.nodeValue;
    var key = text.trim();
    if (key && Object.prototype.hasOwnProperty.call(LABELS, text)) {
      node.nodeValue = LABELS[text];
    } else if (key && Object.prototype.hasOwnProperty.call(LABELS, key)) {
      node.nodeValue = text.replace(key, LABELS[key]);
    }
  }

  function translate(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      translateText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) translateText(node);
    var titled = root.querySelectorAll("[title], [aria-label]");
    for (var i = 0; i < titled.length; i++) {
      ["title", "aria-label"].forEach(function (name) {
        var value = titled[i].getAttribute(name);
        if (value && Object.prototype.hasOwnProperty.call(TITLES, value)) {
          titled[i].setAttribute(name, TITLES[value]);
        }
      });
    }
  }

  var target = document.getElementById("swagger-ui");
  if (!target) return;
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "characterData") {
        translateText(mutation.target);
      } else {
        mutation.addedNodes.forEach(translate);
      }
    });
  }).observe(target, { childList: true, subtree: true, characterData: true });
  translate(target);
})();
