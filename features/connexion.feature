# language: fr
Fonctionnalité: Se connecter avec son Identité Numérique
  Sur le site d'un service partenaire, l'utilisateur saisit son numéro de mobile, reçoit
  une notification, ouvre l'application et saisit son code secret (ÉTAPE 26).

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et Camille a activé son Identité Numérique sur son smartphone

  @AUTH-01 @AUTH-02 @AUTH-07 @ACT-04
  Scénario: ÉTAPE 26 : se connecter à Mon Compte Formation au niveau FranceConnect+
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la page de Mon Compte Formation de Camille affiche « Une action est en attente sur votre application L'Identité Numérique »
    Et le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Et la page de Mon Compte Formation de Camille affiche « Identification réussie »

  @AUTH-03
  Scénario: Je refuse la demande de connexion dans l'application
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille refuse la demande dans l'application
    Alors la connexion de Camille à Mon Compte Formation n'aboutit pas

  @AUTH-05 @ACT-05
  Scénario: Un code secret erroné n'authentifie pas
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit le code secret « 0000 »
    Alors la demande est refusée avec le code « pin_wrong »
    Et la connexion de Camille à Mon Compte Formation n'aboutit pas
