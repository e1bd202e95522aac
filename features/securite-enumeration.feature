# language: fr
@security
Fonctionnalité: Sécurité : la page de connexion ne révèle pas qui a une Identité Numérique
  Pour un numéro sans Identité Numérique utilisable — inconnu, jamais activée, bloquée,
  supprimée ou expirée — la page de connexion donne une seule et même réponse, et le même
  plafond de demandes par heure ; le titulaire apprend la raison dans l'application et son
  Espace Client (SECURITY.md, ENUM et SEC-42 ; ARCHITECTURE.md, « Decisions »).

  Contexte:
    Soit le monde « défaut »
    Et la simulation couvre 6 ans
    Et Camille
    Et Mallory, un fraudeur, connaît le numéro de mobile de Camille

  @SEC-50 @AUTH-08
  Plan du scénario: Un numéro inconnu et une Identité Numérique <état> reçoivent la même réponse
    Soit l'Identité Numérique de Camille <histoire>
    Quand Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la page de connexion répond comme pour le numéro inconnu « +33 6 99 88 77 66 » : « unknown_login_hint »
    Et le smartphone de Camille ne reçoit aucune notification de connexion

    Exemples:
      | état           | histoire               |
      | jamais activée | n'a jamais été activée |
      | bloquée        | a été bloquée          |
      | supprimée      | a été supprimée        |
      | expirée        | a expiré               |

  @SEC-42 @SEC-51 @FRAUD-03
  Plan du scénario: Les demandes de connexion répétées sont limitées pour tout numéro : <numéro>
    Soit <histoire>
    Quand Mallory lance 10 connexions à Mon Compte Formation avec le numéro de mobile de Camille, chacune refusée avec le code « <réponse> »
    Et Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la demande est refusée avec le code « rate_limited »

    Exemples:
      | numéro                                | histoire                                               | réponse            |
      | une Identité Numérique bloquée        | l'Identité Numérique de Camille a été bloquée          | unknown_login_hint |
      | une Identité Numérique jamais activée | l'Identité Numérique de Camille n'a jamais été activée | unknown_login_hint |

  @SEC-42 @SEC-51 @FRAUD-03
  Scénario: Les demandes de connexion répétées sont limitées pour un numéro inconnu
    Quand Mallory lance 10 connexions à Mon Compte Formation avec le numéro « +33 6 99 88 77 66 », chacune refusée avec le code « unknown_login_hint »
    Et Mallory lance une connexion à Mon Compte Formation avec le numéro « +33 6 99 88 77 66 »
    Alors la demande est refusée avec le code « rate_limited »

  @SEC-42 @FRAUD-03
  Scénario: Les demandes de connexion répétées sont limitées pour une Identité Numérique active
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Mallory lance 10 connexions à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la demande est acceptée
    Quand Mallory lance une connexion à Mon Compte Formation avec le numéro de mobile de Camille
    Alors la demande est refusée avec le code « rate_limited »
