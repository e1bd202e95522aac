# language: fr
@security
Fonctionnalité: Sécurité : l'id_token que FranceConnect+ peut croire
  L'id_token porte le nonce de la demande à laquelle il répond, le niveau eIDAS demandé et
  prouvé (jamais plus haut), un identifiant « sub » propre à la personne et qui ne change
  pas, l'émetteur du document de découverte, des dates lues sur l'horloge de test, et une
  signature ES256 d'une clé publiée (SECURITY.md, TOKEN).

  Contexte:
    Soit le monde « défaut »
    Et Camille

  @SEC-10
  Scénario: Deux connexions en cours : chaque id_token porte le nonce de sa propre demande
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille se connecte aussi à « impots.gouv.fr » au niveau FranceConnect+
    Et Camille valide dans l'application la demande de « impots.gouv.fr »
    Et Camille valide dans l'application la demande de Mon Compte Formation
    Alors la connexion de Camille à Mon Compte Formation réussit et porte le nonce de sa demande
    Et la connexion de Camille à « impots.gouv.fr » réussit et porte le nonce de sa demande

  @SEC-11 @AUTH-07
  Scénario: Une connexion demandée au niveau eidas1 revient au niveau eidas1, pas plus haut
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à « impots.gouv.fr » avec FranceConnect et son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à « impots.gouv.fr » réussit au niveau « eidas1 »
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau « eidas2 »

  @SEC-12
  Plan du scénario: L'identifiant « sub » de Camille ne change pas quand elle <changement>
    Soit Camille a activé son Identité Numérique sur son smartphone
    Et Camille s'est connectée à Mon Compte Formation, qui a retenu son identifiant « sub »
    Quand Camille <changement>
    Alors la demande est acceptée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors Mon Compte Formation reçoit pour Camille le même identifiant « sub » qu'avant

    Exemples:
      | changement                                              |
      | change son code secret                                  |
      | active son Identité Numérique sur un nouveau smartphone |
      | bloque puis débloque son Identité Numérique             |
      | réactive son Identité Numérique sur le même smartphone  |

  @SEC-12
  Scénario: Deux personnes n'ont jamais le même identifiant « sub »
    Soit Camille a activé son Identité Numérique sur son smartphone
    Et Dominique
    Et Dominique a activé son Identité Numérique sur son smartphone
    Et Camille s'est connectée à Mon Compte Formation, qui a retenu son identifiant « sub »
    Et Dominique s'est connecté à Mon Compte Formation, qui a retenu son identifiant « sub »
    Alors les identifiants « sub » de Camille et de Dominique diffèrent

  @SEC-13 @SEC-14 @SEC-15
  Scénario: L'id_token vient de l'émetteur annoncé, est daté par l'horloge de test et signé par une clé publiée
    # En HTTP, le client du harnais vérifie en plus que l'« issuer » est l'URL dont il a lu
    # le document de découverte (Discovery 1.0 §4.3).
    # Une date loin de celle de l'horloge murale : une implémentation qui lirait la sienne
    # se verrait.
    Soit nous sommes le 17/11/2031
    Et Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Et l'id_token de Camille a pour « iss » l'« issuer » du document de découverte et pour « aud » FranceConnect+
    Et l'id_token de Camille est daté par l'horloge de test
    Et l'id_token de Camille est signé « ES256 » par une clé du JWKS publié
