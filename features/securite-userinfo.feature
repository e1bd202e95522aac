# language: fr
@security
Fonctionnalité: Sécurité : le point d'accès userinfo
  Userinfo répond au jeton d'accès porteur, par GET comme par POST, avec l'identité de la
  personne du jeton et de nulle autre ; sans jeton, ou avec un jeton inconnu ou révoqué, il
  refuse ; bloquer l'Identité Numérique invalide ce qu'elle avait déjà donné
  (SECURITY.md, USERINFO).

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et Camille a activé son Identité Numérique sur son smartphone

  @SEC-20 @SEC-22
  Plan du scénario: Userinfo répond par <méthode> avec l'identité de la personne du jeton
    # En HTTP, le jeton voyage dans l'en-tête « Authorization: Bearer » pour les deux
    # méthodes ; en mémoire, le contrat le porte de la même façon.
    Soit Camille s'est connectée à Mon Compte Formation, qui a retenu son identifiant « sub »
    Quand Mon Compte Formation demande les informations de Camille par « <méthode> »
    Alors il reçoit l'identité de Camille, avec le « sub » de son id_token

    Exemples:
      | méthode |
      | GET     |
      | POST    |

  @SEC-22
  Scénario: Le jeton de chacun ne donne que sa propre identité
    Soit Dominique
    Et Dominique a activé son Identité Numérique sur son smartphone
    Et Camille s'est connectée à Mon Compte Formation, qui a retenu son identifiant « sub »
    Et Dominique s'est connecté à Mon Compte Formation, qui a retenu son identifiant « sub »
    Quand Mon Compte Formation demande les informations de Dominique par « GET »
    Alors il reçoit l'identité de Dominique, avec le « sub » de son id_token
    Quand Mon Compte Formation demande les informations de Camille par « GET »
    Alors il reçoit l'identité de Camille, avec le « sub » de son id_token

  @SEC-21
  Plan du scénario: Userinfo refuse une demande <jeton>
    # En HTTP, le refus est une réponse 401 avec « WWW-Authenticate: Bearer » (RFC 6750 §3),
    # que le client du harnais exige ; en mémoire, l'étape vérifie le code du contrat.
    Quand Mon Compte Formation demande les informations de l'utilisateur <jeton>
    Alors la demande est refusée avec le code « invalid_token »

    Exemples:
      | jeton                         |
      | sans jeton d'accès            |
      | avec un jeton d'accès inconnu |

  @SEC-23 @MGT-05
  Scénario: Bloquer l'Identité Numérique invalide le code déjà approuvé et le jeton déjà donné
    Soit Camille s'est connectée à Mon Compte Formation, qui a retenu son identifiant « sub »
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Et la page de Mon Compte Formation de Camille reçoit le code d'autorisation
    Et Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit les 4 derniers caractères de sa pièce d'identité
    Alors la demande est acceptée
    Quand FranceConnect+ échange le code d'autorisation de Camille
    Alors la demande est refusée avec le code « invalid_grant »
    Quand Mon Compte Formation demande les informations de Camille par « GET »
    Alors la demande est refusée avec le code « invalid_token »
