# language: fr
@security
Fonctionnalité: Sécurité : l'application qui approuve une connexion
  Une approbation vaut pour la demande que l'application montre, et pour elle seule ; une
  demande refusée, expirée ou déjà approuvée ne s'approuve plus ; un code reçu par SMS ou
  par e-mail ne sert qu'une fois et peu de temps (SECURITY.md, AUTHN).

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et Camille a activé son Identité Numérique sur son smartphone

  @SEC-40 @FRAUD-02
  Scénario: Deux demandes en attente : valider la sienne n'approuve pas celle du fraudeur
    Soit Mallory, un fraudeur, connaît le numéro de mobile de Camille
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Et la connexion de Mallory à Mon Compte Formation n'aboutit pas
    Et la connexion de Mallory à Mon Compte Formation attend toujours une réponse dans l'application de Camille

  @SEC-40
  Scénario: Deux connexions de Camille : valider la première laisse la seconde en attente
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille se connecte aussi à « impots.gouv.fr » au niveau FranceConnect+
    Et Camille valide dans l'application la demande de Mon Compte Formation
    Alors la connexion de Camille à Mon Compte Formation réussit et porte le nonce de sa demande
    Et la connexion de Camille à « impots.gouv.fr » attend toujours une réponse dans l'application de Camille

  @SEC-41 @AUTH-03
  Scénario: Une demande refusée dans l'application ne peut plus être validée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille refuse la demande dans l'application
    Alors la demande est acceptée
    Quand Camille revient à la notification et saisit son code secret
    Alors la demande est refusée avec le code « request_closed »
    Et la connexion de Camille à Mon Compte Formation n'aboutit pas

  @SEC-41
  Scénario: Une demande validée ne peut pas l'être une seconde fois
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la demande est acceptée
    Quand Camille revient à la notification et saisit son code secret
    Alors la demande est refusée avec le code « request_closed »
    Et la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @SEC-41 @AUTH-06
  Scénario: Une demande expirée ne peut plus être validée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et 6 minutes passent
    Et Camille revient à la notification et saisit son code secret
    Alors la demande est refusée avec le code « request_expired »
    Et la connexion de Camille à Mon Compte Formation n'aboutit pas

  @SEC-43 @ACC-07 @ACC-08
  Scénario: Un code reçu par e-mail ne sert qu'une fois, et plus du tout passé sa durée de vie
    Quand Camille clique sur « mot de passe oublié » de l'Espace Client et renseigne son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et Camille saisit le code reçu par e-mail et crée un nouveau mot de passe
    Alors la demande est acceptée
    Quand Camille saisit le code reçu par e-mail et crée un nouveau mot de passe
    Alors la demande est refusée avec le code « code_invalid »
    Quand Camille clique sur « mot de passe oublié » de l'Espace Client et renseigne son adresse e-mail
    Et Camille reçoit un code à 6 chiffres par e-mail
    Et 16 minutes passent
    Et Camille saisit le code reçu par e-mail et crée un nouveau mot de passe
    Alors la demande est refusée avec le code « code_expired »
