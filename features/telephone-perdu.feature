# language: fr
@PARCOURS
Fonctionnalité: J'ai perdu mon smartphone
  Un des quatre parcours demandés. Camille perd son smartphone : elle bloque son Identité
  Numérique depuis son Espace Client avec les 4 derniers caractères de sa pièce d'identité,
  et plus aucune connexion n'aboutit. Sur un nouveau smartphone, elle installe
  l'application, appuie sur « Commencer », se connecte, saisit le code reçu par SMS, les
  4 derniers caractères de sa pièce d'identité et un nouveau code secret : l'ancien
  smartphone ne fonctionne plus. Elle débloque son Identité Numérique, et se connecte de
  nouveau depuis le nouveau smartphone.

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et la pièce d'identité de Camille porte le numéro « X4RTBPFW4 »
    Et Camille a activé son Identité Numérique sur son smartphone

  @MGT-05 @MGT-07 @MGT-08 @AUTH-08
  Scénario: Comment bloquer mon Identité Numérique quand j'ai perdu mon smartphone, puis la réactiver sur un nouveau
    Quand Camille perd son smartphone
    # Bloquer : le cadenas fermé, et les 4 derniers caractères de la pièce d'identité.
    Et Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit les caractères « BPFW »
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit les caractères « PFW4 »
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Votre Identité Numérique est bloquée. »
    Et l'Espace Client de Camille propose « Débloquer mon Identité Numérique »
    # Bloquée, l'Identité Numérique ne permet plus aucune connexion.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    # Le nouveau smartphone, avec le même numéro de mobile.
    Soit Camille a un nouveau smartphone iOS 17 avec son numéro de mobile
    Quand Camille installe l'application L'Identité Numérique sur son smartphone
    Et Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille choisit dans l'application le code secret « 2580 »
    Alors la demande est refusée avec le code « document_suffix_required »
    Quand Camille saisit dans l'application de mauvais 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille saisit dans l'application les caractères « PFW4 »
    Et Camille choisit dans l'application le code secret « 2580 »
    Alors la demande est acceptée
    # L'ancien smartphone ne fonctionne plus.
    Quand Camille ouvre l'application sur son ancien smartphone
    Alors la demande est refusée avec le code « device_not_active »
    # Toujours bloquée tant qu'elle n'est pas débloquée.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    # Débloquer : le cadenas ouvert, et les 4 derniers caractères.
    Quand Camille pousse le bouton vers le cadenas ouvert dans son Espace Client et saisit de mauvais 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille pousse le bouton vers le cadenas ouvert dans son Espace Client et saisit les caractères « PFW4 »
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Identité Numérique activée »
    # La connexion aboutit depuis le nouveau smartphone, jamais depuis l'ancien.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille valide la demande depuis son ancien smartphone avec son code secret
    Alors la demande est refusée avec le code « device_not_active »
    Quand Camille ouvre l'application et saisit le code secret « 2580 »
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Et la page de Mon Compte Formation de Camille affiche « Identification réussie »

  @MGT-05 @AUTH-08
  Scénario: Le blocage est effectif instantanément, même pour une demande déjà envoyée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit les 4 derniers caractères de sa pièce d'identité
    Alors la demande est acceptée
    Quand Camille ouvre l'application et saisit son code secret
    Alors la demande est refusée avec le code « identity_blocked »
    Et la connexion de Camille à Mon Compte Formation n'aboutit pas

  @MGT-05 @MGT-07
  Scénario: Sans les 4 derniers caractères de la pièce d'identité, le blocage est refusé
    Quand Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit de mauvais 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
