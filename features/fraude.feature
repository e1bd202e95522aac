# language: fr
@FRAUD
Fonctionnalité: Une notification que je n'ai pas demandée
  Un fraudeur qui connaît le numéro de mobile, l'adresse e-mail, le mot de passe ou le
  numéro de la pièce d'identité du titulaire peut déclencher des notifications sur son
  smartphone, mais aucune connexion n'aboutit sans le code secret saisi sur le smartphone
  où l'Identité Numérique est activée. Le titulaire refuse la demande (« Refuser »),
  bloque son Identité Numérique, modifie le mot de passe de son compte, puis la débloque
  pour l'utiliser à nouveau avec son nouveau mot de passe.

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et Camille a activé son Identité Numérique sur son smartphone

  @FRAUD-01 @AUTH-03 @MGT-05 @AUTH-08
  Scénario: J'ai reçu une notification alors que je n'ai pas utilisé mon Identité Numérique
    Soit Mallory, un fraudeur, connaît le numéro de mobile, l'adresse e-mail et le mot de passe de Camille
    Quand Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la page de Mon Compte Formation de Mallory affiche « Une action est en attente sur votre application L'Identité Numérique »
    Et le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation » déclenchée par Mallory
    Quand Camille refuse la connexion en appuyant sur « Refuser »
    Alors la demande est acceptée
    Et la connexion de Mallory à Mon Compte Formation n'aboutit pas
    Quand Camille suit le conseil « Bloquer votre Identité Numérique » avec les 4 derniers caractères de sa pièce d'identité
    Alors la demande est acceptée
    Quand Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la demande est refusée avec le code « unknown_login_hint »
    Quand Camille suit le conseil « Modifier le mot de passe de votre compte »
    Alors la demande est acceptée
    Quand Mallory se connecte à l'Espace Client de Camille avec le mot de passe qu'il connaît
    Alors la demande est refusée avec le code « bad_credentials »
    Quand Camille suit le conseil « Débloquer votre Identité Numérique » avec son nouveau mot de passe
    Alors la demande est acceptée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @FRAUD-02 @AUTH-03
  Plan du scénario: L'Identité Numérique La Poste protège-t-elle de l'usurpation d'identité ? Le fraudeur connaît <connaissances>
    Soit Mallory, un fraudeur, connaît <connaissances> de Camille
    Quand Mallory tente tout ce que ses connaissances lui permettent contre l'Identité Numérique de Camille
    Alors l'application du smartphone de Mallory n'a pas accès à l'Identité Numérique de Camille
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

    Exemples:
      | connaissances                                                                              |
      | le numéro de mobile                                                                        |
      | le numéro de mobile et l'adresse e-mail                                                    |
      | l'adresse e-mail et le mot de passe                                                        |
      | le numéro de mobile, l'adresse e-mail et le mot de passe                                   |
      | l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité                      |
      | le numéro de mobile, l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité |

  @FRAUD-02 @AUTH-05
  Scénario: Le fraudeur qui connaît le numéro ne peut pas valider la connexion depuis son propre smartphone
    Soit Mallory, un fraudeur, connaît le numéro de mobile, l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité de Camille
    Quand Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Et Mallory saisit 10 codes secrets au hasard sur son propre smartphone
    Alors la demande est refusée avec le code « device_not_active »
    Et la connexion de Mallory à Mon Compte Formation n'aboutit pas
    # Les essais de Mallory ne bloquent pas le code secret de Camille.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @FRAUD-02 @ACT-01 @MGT-08
  Scénario: Le fraudeur qui connaît l'e-mail et le mot de passe ne peut pas activer son propre smartphone : le code SMS va au titulaire
    Soit Mallory, un fraudeur, connaît le numéro de mobile, l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité de Camille
    Quand Mallory installe l'application sur son smartphone et se connecte avec l'adresse e-mail et le mot de passe de Camille
    Alors le code SMS demandé par Mallory arrive sur le smartphone de Camille, pas sur le sien
    Quand Mallory saisit un code SMS au hasard
    Alors la demande est refusée avec le code « code_invalid »
    Et l'application du smartphone de Mallory n'a pas accès à l'Identité Numérique de Camille

  @FRAUD-02 @MGT-08 @MGT-07
  Scénario: Le fraudeur qui sait tout ne peut pas activer son smartphone avec « Nouveau numéro » : il ne lit pas la boîte e-mail du titulaire
    Soit Mallory, un fraudeur, connaît le numéro de mobile, l'adresse e-mail, le mot de passe et le numéro de la pièce d'identité de Camille
    Quand Mallory installe l'application sur son smartphone et se connecte avec l'adresse e-mail et le mot de passe de Camille
    Et Mallory choisit « Nouveau numéro » et donne son propre numéro
    Alors Camille reçoit par e-mail un code de confirmation du « Nouveau numéro » demandé par Mallory
    Quand Mallory saisit le code reçu par SMS sur son propre smartphone
    Et Mallory saisit les 4 derniers caractères du numéro de la pièce d'identité de Camille
    Et Mallory choisit un code secret sur son propre smartphone
    Alors la demande est refusée avec le code « email_confirmation_required »
    Quand Mallory saisit au hasard le code envoyé à l'adresse e-mail de Camille
    Alors la demande est refusée avec le code « code_invalid »
    Quand Mallory choisit un code secret sur son propre smartphone
    Alors la demande est refusée avec le code « email_confirmation_required »
    Et l'application du smartphone de Mallory n'a pas accès à l'Identité Numérique de Camille
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @FRAUD-03
  Plan du scénario: Des demandes de connexion répétées vers un même numéro sont limitées à 10 par heure
    Soit Mallory, un fraudeur, connaît le numéro de mobile de Camille
    Quand Mallory lance 10 connexions à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la demande est acceptée
    Quand Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la demande est refusée avec le code « rate_limited »
    Et le smartphone de Camille a affiché 10 notifications « Demande de connexion à Mon Compte Formation »
    Quand <attente> passent
    Et Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors <issue>

    Exemples:
      | attente    | issue                                                |
      | 58 minutes | la demande est refusée avec le code « rate_limited » |
      | 60 minutes | la demande est acceptée                              |
