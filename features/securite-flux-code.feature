# language: fr
@security
Fonctionnalité: Sécurité : le flux « code d'autorisation » d'OpenID Connect
  FranceConnect+ est le client OpenID Connect de l'Identité Numérique. Une connexion
  n'aboutit que si chaque requête est exactement celle du client enregistré : PKCE S256
  et son code_verifier, le secret du client, l'URI de redirection à l'identique, un code
  d'autorisation qui ne sert qu'une fois et peu de temps, l'état rendu tel quel
  (SECURITY.md, CODE).

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et Camille a activé son Identité Numérique sur son smartphone

  @SEC-01
  Scénario: Une demande d'autorisation sans PKCE est refusée
    Quand FranceConnect+ demande la connexion de Camille sans « code_challenge »
    Alors la demande est refusée avec le code « invalid_request »
    Et le smartphone de Camille ne reçoit aucune notification de connexion

  @SEC-02
  Plan du scénario: Le code d'autorisation ne s'échange qu'avec son code_verifier : <vérificateur>
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et FranceConnect+ échange le code d'autorisation de Camille avec <vérificateur>
    Alors la demande est refusée avec le code « invalid_grant »

    Exemples:
      | vérificateur                                  |
      | un code_verifier erroné                       |
      | aucun code_verifier                           |
      | le code_challenge à la place du code_verifier |

  @SEC-03
  Plan du scénario: Le client doit s'authentifier : <identifiants>
    # En HTTP, le refus est une réponse 401 avec « WWW-Authenticate » (RFC 6749 §5.2), que le
    # client du harnais exige ; en mémoire, l'étape vérifie le code du contrat.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et FranceConnect+ échange le code d'autorisation de Camille avec <identifiants>
    Alors la demande est refusée avec le code « invalid_client »

    Exemples:
      | identifiants                  |
      | un secret client erroné       |
      | un identifiant client inconnu |

  @SEC-04
  Plan du scénario: Le secret du client est accepté en <méthode>
    # En HTTP, le secret voyage dans l'en-tête « Authorization: Basic » ou dans le formulaire ;
    # en mémoire, le contrat le porte de la même façon pour les deux méthodes.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et FranceConnect+ échange le code d'autorisation de Camille avec le secret client en « <méthode> »
    Alors Mon Compte Formation reçoit l'identité de Camille

    Exemples:
      | méthode             |
      | client_secret_basic |
      | client_secret_post  |

  @SEC-05
  Plan du scénario: L'URI de redirection est comparée à l'identique : <uri>
    Quand FranceConnect+ demande la connexion de Camille avec l'URI de redirection « <uri> »
    Alors la demande est refusée avec le code « invalid_client »

    Exemples:
      | uri                                                                                   |
      | https://fcp.integ01.dev-franceconnect.fr/api/v2/idp/callback/                        |
      | https://fcp.integ01.dev-franceconnect.fr/api/v2/idp/callback?next=https://evil.example |
      | https://fcp.integ01.dev-franceconnect.fr/api/v2/idp/callback/../../../evil            |
      | https://fcp.integ01.dev-franceconnect.fr.evil.example/api/v2/idp/callback             |
      | http://fcp.integ01.dev-franceconnect.fr/api/v2/idp/callback                           |

  @SEC-05
  Scénario: L'échange du code porte l'URI de redirection de la demande, pas une autre
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et FranceConnect+ échange le code d'autorisation de Camille avec une autre URI de redirection
    Alors la demande est refusée avec le code « invalid_grant »

  @SEC-06 @SEC-21
  Scénario: Un code d'autorisation ne sert qu'une fois, et le rejouer révoque ce qu'il a donné
    # En HTTP, le refus de userinfo est une réponse 401 avec « WWW-Authenticate: Bearer »
    # (RFC 6750 §3), que le client du harnais exige.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et FranceConnect+ échange le code d'autorisation de Camille
    Alors Mon Compte Formation reçoit l'identité de Camille
    Quand FranceConnect+ échange à nouveau le code d'autorisation de Camille
    Alors la demande est refusée avec le code « invalid_grant »
    Quand Mon Compte Formation demande les informations de Camille par « GET »
    Alors la demande est refusée avec le code « invalid_token »

  @SEC-07
  Scénario: Un code d'autorisation échangé 10 minutes après son émission est refusé
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et la page de Mon Compte Formation de Camille reçoit le code d'autorisation
    Et 10 minutes passent
    Et FranceConnect+ échange le code d'autorisation de Camille
    Alors la demande est refusée avec le code « invalid_grant »

  @SEC-08
  Scénario: L'état revient tel que FranceConnect+ l'a envoyé
    Quand FranceConnect+ demande la connexion de Camille avec l'état « é&state=x y/?#+%20 »
    Et Camille ouvre l'application et saisit son code secret
    Alors la page de Mon Compte Formation de Camille reçoit l'état « é&state=x y/?#+%20 » inchangé
    Et la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
