# language: fr
@MGT
Fonctionnalité: Gérer mon Identité Numérique
  Les questions « Gérer mon Identité Numérique » de la FAQ : seuls le numéro de téléphone,
  le mot de passe et le code secret se modifient ; les noms, la date de naissance et
  l'adresse e-mail non (il faut supprimer l'Identité Numérique et en créer une nouvelle).
  La suppression se fait depuis l'application ou l'Espace Client, avec les 4 derniers
  caractères de la pièce d'identité ; sans eux, seul le service clients peut la supprimer.
  Une seule Identité Numérique par smartphone, un seul smartphone à la fois.

  Contexte:
    Soit le monde « défaut »
    Et Camille
    Et la pièce d'identité de Camille porte le numéro « X4RTBPFW4 »

  # ---- Ce qui ne se modifie pas (MGT-01) ----

  @MGT-01 @MGT-06
  Scénario: Comment modifier mon adresse e-mail ? En supprimant l'Identité Numérique pour en créer une nouvelle
    Soit Camille a activé son Identité Numérique sur son smartphone
    Alors l'Espace Client de Camille ne propose de modifier ni ses noms, ni sa date de naissance, ni son adresse e-mail
    Quand Camille supprime son Identité Numérique depuis son application : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est acceptée
    Quand Camille a une nouvelle adresse e-mail « camille.nouvelle-adresse@exemple.fr »
    Et Camille crée un compte La Poste avec sa nouvelle adresse e-mail et y active une nouvelle Identité Numérique
    Et Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit et transmet l'adresse e-mail « camille.nouvelle-adresse@exemple.fr »

  # ---- Le numéro de téléphone (MGT-02) ----

  @MGT-02 @MGT-01
  Scénario: Comment modifier mon numéro de téléphone ?
    Soit le numéro de mobile de Camille est « +33 6 12 34 56 78 »
    Et Camille a activé son Identité Numérique sur son smartphone
    Quand Camille met dans son smartphone une nouvelle carte SIM de numéro « +33 7 81 22 33 44 »
    Et Camille modifie son numéro de téléphone dans son Espace Client
    Et Camille saisit dans son Espace Client le code reçu par SMS sur son nouveau numéro
    Alors la demande est acceptée
    Et Camille a reçu un SMS contenant « L'Identité Numérique La Poste : votre code est »
    Quand Camille se connecte à Mon Compte Formation avec le numéro « +33 7 81 22 33 44 »
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Quand Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+
    Quand Camille se connecte à Mon Compte Formation avec le numéro « +33 6 12 34 56 78 »
    Alors la demande est refusée avec le code « unknown_login_hint »

  @MGT-02
  Scénario: Je n'arrive pas à modifier mon numéro de téléphone : l'application n'est pas activée
    Soit l'identité de Camille est vérifiée
    Quand Camille met dans son smartphone une nouvelle carte SIM de numéro « +33 7 81 22 33 44 »
    Et Camille modifie son numéro de téléphone dans son Espace Client
    Alors la demande est refusée avec le code « app_not_activated »

  # ---- Le mot de passe (MGT-03) ----

  @MGT-03 @MGT-01
  Scénario: J'ai oublié mon mot de passe ou souhaite le modifier : le mot de passe actuel est demandé
    Soit le mot de passe de Camille est « Ancien-Mdp-2024! »
    Et Camille a activé son Identité Numérique sur son smartphone
    Quand Camille modifie son mot de passe dans son Espace Client pour « Nouveau-Mdp-2025! » en se trompant de mot de passe actuel
    Alors la demande est refusée avec le code « password_wrong »
    Quand Camille se connecte à son Espace Client avec le mot de passe « Ancien-Mdp-2024! »
    Alors la demande est acceptée
    Quand Camille modifie son mot de passe dans son Espace Client pour « Nouveau-Mdp-2025! »
    Alors la demande est acceptée
    Quand Camille se connecte à son Espace Client avec le mot de passe « Ancien-Mdp-2024! »
    Alors la demande est refusée avec le code « bad_credentials »
    Quand Camille se connecte à son Espace Client avec le mot de passe « Nouveau-Mdp-2025! »
    Alors la demande est acceptée

  # ---- Le code secret (MGT-04) ----

  @MGT-04 @ACT-03 @MGT-01
  Scénario: J'ai oublié ou souhaite modifier mon code secret à 4 chiffres
    Soit le code secret que Camille choisira est « 1357 »
    Et Camille a activé son Identité Numérique sur son smartphone
    Quand Camille ouvre « Paramètres » puis « Modifier votre code secret » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille choisit dans l'application le code secret « 1234 »
    Alors la demande est refusée avec le code « pin_too_simple »
    Quand Camille choisit dans l'application le code secret « 5555 »
    Alors la demande est refusée avec le code « pin_too_simple »
    Quand Camille choisit dans l'application le code secret « 2580 »
    Alors la demande est acceptée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit le code secret « 1357 »
    Alors la demande est refusée avec le code « pin_wrong »
    Quand Camille ouvre l'application et saisit le code secret « 2580 »
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @MGT-04 @MGT-08
  Scénario: Le code secret ne se modifie que sur le smartphone où l'Identité Numérique est activée
    Soit Camille a activé son Identité Numérique sur son smartphone
    Et Camille a un nouveau smartphone Android 14 avec son numéro de mobile
    Et Camille installe l'application L'Identité Numérique sur son smartphone
    Quand Camille ouvre « Paramètres » puis « Modifier votre code secret » et se connecte avec son e-mail et son mot de passe
    Alors la demande est refusée avec le code « device_not_active »

  # ---- Supprimer (MGT-06, MGT-07) ----

  @MGT-06 @MGT-07 @AUTH-08 @mode-post-office
  Scénario: Comment supprimer mon Identité Numérique ? Depuis l'application, si elle a été activée
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille supprime son Identité Numérique depuis son Espace Client : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est refusée avec le code « delete_via_app_required »
    Quand Camille supprime son Identité Numérique depuis son application sans cocher la case, clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est refusée avec le code « delete_not_confirmed »
    Quand Camille supprime son Identité Numérique depuis son application : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit de mauvais 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille supprime son Identité Numérique depuis son application : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est acceptée
    Et l'Espace Client de Camille montre une Identité Numérique supprimée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    # « Vous pourrez à tout moment vous créer à nouveau une Identité Numérique ! »
    Quand Camille crée une nouvelle Identité Numérique avec sa pièce d'identité, la fait vérifier en bureau de poste et l'active
    Et Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @MGT-06 @MGT-07 @mode-post-office
  Scénario: Comment supprimer mon Identité Numérique ? Depuis l'Espace Client, si elle n'a jamais été activée
    Soit l'identité de Camille est vérifiée
    Et Camille installe l'application L'Identité Numérique sur son smartphone
    Quand Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille supprime son Identité Numérique depuis son application : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est refusée avec le code « delete_via_web_required »
    Quand Camille supprime son Identité Numérique depuis son Espace Client sans cocher la case, clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est refusée avec le code « delete_not_confirmed »
    Quand Camille supprime son Identité Numérique depuis son Espace Client : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « FW4X »
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille supprime son Identité Numérique depuis son Espace Client : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est acceptée
    Et l'Espace Client de Camille montre une Identité Numérique supprimée
    Quand Camille crée une nouvelle Identité Numérique avec sa pièce d'identité, la fait vérifier en bureau de poste et l'active
    Alors l'Espace Client de Camille montre une Identité Numérique active

  @MGT-07 @MGT-05 @MGT-06 @AUTH-08 @mode-post-office
  Scénario: Je n'ai plus accès aux 4 derniers caractères de ma pièce d'identité
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit de mauvais 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille supprime son Identité Numérique depuis son application : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit de mauvais 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand le service clients supprime l'Identité Numérique de Camille
    Alors la demande est acceptée
    Et l'Espace Client de Camille montre une Identité Numérique supprimée
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors la demande est refusée avec le code « unknown_login_hint »
    # « Vous pourrez ensuite recréer votre Identité Numérique »
    Quand Camille crée une nouvelle Identité Numérique avec sa pièce d'identité, la fait vérifier en bureau de poste et l'active
    Alors l'Espace Client de Camille montre une Identité Numérique active

  # ---- Un seul smartphone à la fois (MGT-08) ----

  @MGT-08 @MGT-07 @ACT-01
  Scénario: Que faire lorsque je change de smartphone ?
    Soit Camille a activé son Identité Numérique sur son smartphone
    Et Camille a un nouveau smartphone iOS 16 avec son numéro de mobile
    Quand Camille installe l'application L'Identité Numérique sur son smartphone
    Et Camille appuie sur « Commencer » et se connecte avec son e-mail et son mot de passe
    Et Camille saisit dans l'application le code reçu par SMS
    Et Camille saisit dans l'application les caractères « PFW4 »
    Et Camille choisit dans l'application le code secret « 9183 »
    Alors la demande est acceptée
    # L'ancien smartphone cesse de fonctionner à ce moment-là.
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Alors le smartphone de Camille affiche la notification « Demande de connexion à Mon Compte Formation »
    Et l'ancien smartphone de Camille n'affiche aucune notification
    Quand Camille valide la demande depuis son ancien smartphone avec son code secret
    Alors la demande est refusée avec le code « device_not_active »
    Quand Camille ouvre l'application et saisit le code secret « 9183 »
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  # ---- Une nouvelle pièce d'identité (MGT-09) ----

  @MGT-09 @MGT-06 @mode-post-office
  Scénario: Que faire en cas de changement de pièce d'identité ?
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille supprime son Identité Numérique depuis son application : coche « Oui, je souhaite supprimer définitivement mon Identité Numérique », clique sur « Valider » et saisit les caractères « PFW4 »
    Alors la demande est acceptée
    Quand Camille reçoit un passeport portant le numéro « 24AB12345 »
    Et Camille crée une nouvelle Identité Numérique avec sa pièce d'identité, la fait vérifier en bureau de poste et l'active
    Alors l'Espace Client de Camille montre une Identité Numérique créée avec un passeport
    # Les 4 derniers caractères sont désormais ceux du passeport.
    Quand Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit les caractères « PFW4 »
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand Camille pousse le bouton vers le cadenas fermé dans son Espace Client et saisit les caractères « 2345 »
    Alors la demande est acceptée

  @MGT-09
  Scénario: Une nouvelle pièce d'identité ne remplace pas celle de l'Identité Numérique existante
    Soit Camille a activé son Identité Numérique sur son smartphone
    Quand Camille reçoit un passeport portant le numéro « 24AB12345 »
    Et Camille déclare sa nouvelle pièce d'identité dans son Espace Client
    Alors la demande est refusée avec le code « identity_already_exists »
