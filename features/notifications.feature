# language: fr
@PUSH
Fonctionnalité: Les notifications de connexion
  À chaque connexion, une notification arrive sur le smartphone où l'Identité Numérique est
  activée (ACT-04). Quand elle ne s'affiche pas (FAQ « Je ne reçois pas la notification
  lors de mes connexions »), l'utilisateur peut toujours ouvrir l'application à la main :
  il y trouve la demande en attente et le pavé numérique du code secret. Corriger la cause
  (réglages, mise à jour du système, réinstallation, numéro à jour dans l'Espace Client)
  rétablit les notifications.

  Contexte:
    Soit le monde « défaut »
    Et Camille

  @PUSH-01 @PUSH-02 @AUTH-04 @AUTH-07
  Plan du scénario: Je ne reçois pas la notification lors de mes connexions : <cause>
    Soit Camille a un smartphone <système>
    Et Camille a activé son Identité Numérique sur son smartphone
    Et <état>
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille n'affiche aucune notification
    Et l'application de Camille affiche la demande de connexion à « Mon Compte Formation » et le pavé numérique du code secret
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Et la page de Mon Compte Formation de Camille affiche « Identification réussie »
    Quand <remède>
    Et Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

    Exemples:
      | cause                                          | système    | état                                                                                 | remède                                                                                              |
      | notifications non autorisées, iOS              | iOS 16     | les notifications de l'application sont désactivées sur le smartphone de Camille     | Camille autorise les notifications de l'application dans les réglages de son smartphone             |
      | notifications non autorisées, réinstallation   | iOS 16     | les notifications de l'application sont désactivées sur le smartphone de Camille     | Camille supprime l'application, la télécharge à nouveau et l'active en autorisant les notifications |
      | notifications non autorisées, Android          | Android 13 | les notifications de l'application sont désactivées sur le smartphone de Camille     | Camille autorise les notifications de l'application dans les réglages de son smartphone             |
      | mode Ne pas déranger                           | Android 13 | le smartphone de Camille est en mode « Ne pas déranger »                             | Camille désactive le mode « Ne pas déranger »                                                       |
      | application mise en veille par la batterie     | Android 10 | l'économie de batterie met l'application en veille sur le smartphone de Camille      | Camille retire l'application des limites d'utilisation en arrière-plan                              |
      | système plus à jour, Android                   | Android 13 | le système du smartphone de Camille n'est plus à jour : Android 5                    | Camille met à jour le système de son smartphone : Android 14                                        |
      | système plus à jour, iOS                       | iOS 16     | le système du smartphone de Camille n'est plus à jour : iOS 12                       | Camille met à jour le système de son smartphone : iOS 17                                            |

  @PUSH-01 @MGT-02
  Scénario: Je ne reçois pas la notification lors de mes connexions : mon numéro n'est pas à jour sur mon Espace Client
    Soit Camille a activé son Identité Numérique sur son smartphone
    Et Camille a changé de carte SIM sans mettre à jour son numéro dans son Espace Client
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    Et le smartphone de Camille ne reçoit aucune notification de connexion
    Quand Camille met à jour son numéro de mobile dans son Espace Client
    Alors la demande est acceptée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
