# language: fr
@AUTH
Fonctionnalité: Quand la connexion avec l'Identité Numérique est refusée
  Une connexion n'aboutit qu'avec le bon code secret saisi à temps sur le smartphone où
  l'Identité Numérique est activée, et seulement si elle est utilisable : des codes secrets
  erronés répétés bloquent le code secret jusqu'à « Code oublié », une demande laissée sans
  réponse expire, et une Identité Numérique bloquée, supprimée, expirée ou jamais activée
  ne permet de se connecter nulle part, sans que la page de connexion dise pourquoi.

  Contexte:
    Soit le monde « défaut »
    Et Camille

  @AUTH-05 @MGT-04 @ACT-03
  Scénario: Des codes secrets erronés répétés bloquent le code secret jusqu'à « Code oublié »
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille se trompe 4 fois de code secret dans l'application
    Alors la demande est refusée avec le code « pin_wrong »
    Quand Camille ouvre l'application et saisit le code secret « 0000 »
    Alors la demande est refusée avec le code « pin_locked »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la demande est refusée avec le code « pin_locked »
    Et la connexion de Camille à Mon Compte Formation n'aboutit pas
    # « Code oublié » : e-mail et mot de passe, code reçu par SMS, nouveau code secret (MGT-04).
    Quand Camille appuie sur « Code oublié » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille choisit dans l'application le code secret « 4444 »
    Alors la demande est refusée avec le code « pin_too_simple »
    Quand Camille choisit dans l'application le code secret « 2580 »
    Alors la demande est acceptée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit le code secret « 2580 »
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @AUTH-05
  Scénario: Quatre codes secrets erronés ne bloquent pas encore le code secret
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille se trompe 4 fois de code secret dans l'application
    Alors la demande est refusée avec le code « pin_wrong »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @AUTH-06
  Scénario: Une demande de connexion restée sans réponse 5 minutes expire
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand 5 minutes passent
    Alors l'application de Camille n'affiche plus la demande de connexion
    Quand Camille revient à la notification et saisit son code secret
    Alors la demande est refusée avec le code « request_expired »
    Et la connexion de Camille à Mon Compte Formation n'aboutit pas

  @AUTH-06
  Scénario: Une demande de connexion validée juste avant 5 minutes aboutit
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et 299 secondes passent
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @AUTH-08 @SEC-50
  Plan du scénario: Une Identité Numérique <état> ne permet de se connecter nulle part
    Soit la simulation couvre 6 ans
    Et l'Identité Numérique de Camille <histoire>
    # La page de connexion ne dit pas pourquoi : une seule réponse pour tout numéro qui ne
    # peut pas se connecter (pas d'énumération des comptes, SECURITY.md SEC-50). Camille
    # l'apprend dans son Espace Client.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    Quand Camille se connecte à « impots.gouv.fr » avec FranceConnect et son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    Et l'Espace Client de Camille montre une Identité Numérique <vue>

    Exemples:
      | état           | histoire               | vue       |
      | bloquée        | a été bloquée          | bloquée   |
      | supprimée      | a été supprimée        | supprimée |
      | expirée        | a expiré               | expirée   |
      | jamais activée | n'a jamais été activée | vérifiée  |
